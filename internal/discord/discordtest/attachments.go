package discordtest

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
)

// The fake's attachment host stands for cdn.discordapp.com: a file a test
// attaches to a command (AttachmentArg) is served from it, under a signed,
// expiring URL as Discord's are (?ex=<expiry>&is=<issued>&hm=<signature>).
// A request without a valid signature, after expiry, or for a file never
// attached gets 404, as from the real host.

// attachmentTTL is how long an attachment URL stays valid: Discord's last
// 24 hours.
const attachmentTTL = 24 * time.Hour

// resolvedKey carries an attachment's resolved object inside its Arg until
// the command's data is built, where it moves to data.resolved.
const resolvedKey = "\x00resolved attachment"

type attachmentHost struct {
	once    sync.Once
	srv     *httptest.Server
	key     []byte
	fetches atomic.Int64

	mu    sync.Mutex
	files map[string]attachedFile // by path
}

type attachedFile struct {
	contentType string
	body        []byte
}

// AttachmentArg is an attachment option (type 11) named name, holding a
// file the user attached: body, served as contentType from the fake's
// attachment host. The command's data.resolved.attachments describes it as
// Discord does (an ephemeral attachment: uploaded with the command).
func (s *Server) AttachmentArg(name, filename, contentType string, body []byte) Arg {
	h := s.attachments()
	id := snowflake()
	path := fmt.Sprintf("/attachments/%s/%s/%s", ChannelID, id, filename)
	h.mu.Lock()
	h.files[path] = attachedFile{contentType: contentType, body: body}
	h.mu.Unlock()
	u := h.srv.URL + path + "?" + h.sign(path, time.Now())
	return Arg{"name": name, "type": int(discordgo.ApplicationCommandOptionAttachment), "value": id,
		resolvedKey: map[string]any{
			"id": id, "filename": filename, "size": len(body), "url": u, "proxy_url": u,
			"content_type": contentType, "ephemeral": true,
		}}
}

// AttachmentHost is the host of the fake's attachment host ("127.0.0.1"),
// and AttachmentAddr its address with the port, for a bot's list of
// attachment hosts and its test allowance.
func (s *Server) AttachmentHost() string {
	host, _, _ := strings.Cut(s.AttachmentAddr(), ":")
	return host
}

// AttachmentAddr is the fake attachment host's "127.0.0.1:PORT".
func (s *Server) AttachmentAddr() string {
	return strings.TrimPrefix(s.attachments().srv.URL, "http://")
}

// AttachmentFetches is how many files were served from the attachment host.
func (s *Server) AttachmentFetches() int64 { return s.attachments().fetches.Load() }

func (s *Server) attachments() *attachmentHost {
	s.cdn.once.Do(func() {
		s.cdn.key = make([]byte, 32)
		rand.Read(s.cdn.key)
		s.cdn.files = map[string]attachedFile{}
		s.cdn.srv = httptest.NewServer(http.HandlerFunc(s.cdn.serve))
		s.tb.Cleanup(s.cdn.srv.Close)
	})
	return &s.cdn
}

// sign is the query of a URL for path issued at t.
func (h *attachmentHost) sign(path string, t time.Time) string {
	ex := strconv.FormatInt(t.Add(attachmentTTL).Unix(), 16)
	is := strconv.FormatInt(t.Unix(), 16)
	return fmt.Sprintf("ex=%s&is=%s&hm=%s&", ex, is, h.mac(path, ex, is))
}

func (h *attachmentHost) mac(path, ex, is string) string {
	m := hmac.New(sha256.New, h.key)
	fmt.Fprintf(m, "%s\x00%s\x00%s", path, ex, is)
	return hex.EncodeToString(m.Sum(nil))
}

func (h *attachmentHost) serve(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ex, is := q.Get("ex"), q.Get("is")
	expiry, err := strconv.ParseInt(ex, 16, 64)
	h.mu.Lock()
	f, ok := h.files[r.URL.Path]
	h.mu.Unlock()
	if r.Method != http.MethodGet || !ok || err != nil || time.Now().Unix() > expiry ||
		!hmac.Equal([]byte(q.Get("hm")), []byte(h.mac(r.URL.Path, ex, is))) {
		http.Error(w, "This content is no longer available.", http.StatusNotFound)
		return
	}
	h.fetches.Add(1)
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(f.body)))
	w.Write(f.body)
}

// resolveAttachments returns args without the resolved objects their
// attachment options carry (at any depth of subcommands), and puts those
// in d's resolved.attachments, as Discord sends them. args are unchanged,
// so a test may reuse them.
func resolveAttachments(d map[string]any, args []Arg) []Arg {
	out := make([]Arg, len(args))
	for i, a := range args {
		c := make(Arg, len(a))
		for k, v := range a {
			c[k] = v
		}
		if r, ok := c[resolvedKey].(map[string]any); ok {
			delete(c, resolvedKey)
			res, _ := d["resolved"].(map[string]any)
			if res == nil {
				res = map[string]any{}
				d["resolved"] = res
			}
			atts, _ := res["attachments"].(map[string]any)
			if atts == nil {
				atts = map[string]any{}
				res["attachments"] = atts
			}
			atts[str(r["id"])] = r
		}
		if sub, ok := c["options"].([]Arg); ok {
			c["options"] = resolveAttachments(d, sub)
		}
		out[i] = c
	}
	return out
}
