package discordtest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Gateway opcodes.
const (
	opDispatch       = 0
	opHeartbeat      = 1
	opIdentify       = 2
	opPresenceUpdate = 3
	opVoiceState     = 4
	opResume         = 6
	opReconnect      = 7
	opRequestMembers = 8
	opInvalidSession = 9
	opHello          = 10
	opHeartbeatACK   = 11
)

// Gateway close codes the fake uses.
const (
	closeUnknownError      = 4000
	closeUnknownOpcode     = 4001
	closeDecodeError       = 4002
	closeNotAuthenticated  = 4003
	closeAuthFailed        = 4004
	closeAlreadyAuth       = 4005
	closeInvalidSeq        = 4007
	closeSessionTimedOut   = 4009
	closeInvalidShard      = 4010
	closeDisallowedIntents = 4014
)

var closeReasons = map[int]string{
	closeUnknownError:      "Unknown error.",
	closeUnknownOpcode:     "Unknown opcode.",
	closeDecodeError:       "Decode error.",
	closeNotAuthenticated:  "Not authenticated.",
	closeAuthFailed:        "Authentication failed.",
	closeAlreadyAuth:       "Already authenticated.",
	closeInvalidSeq:        "Invalid seq.",
	4008:                   "Rate limited.",
	closeSessionTimedOut:   "Session timed out.",
	closeInvalidShard:      "Invalid shard.",
	4011:                   "Sharding required.",
	4012:                   "Invalid API version.",
	4013:                   "Invalid intent(s).",
	closeDisallowedIntents: "Disallowed intent(s).",
}

const privilegedIntents = discordgo.IntentsGuildMembers | discordgo.IntentsGuildPresences | discordgo.IntentMessageContent

// Identify is an IDENTIFY (op 2) the fake received. (discordgo.Identify
// itself cannot be decoded from what discordgo sends: presence.game.created_at
// goes out as a string and is read back as an integer.)
type Identify struct {
	Token          string                       `json:"token"`
	Properties     discordgo.IdentifyProperties `json:"properties"`
	Compress       bool                         `json:"compress"`
	LargeThreshold int                          `json:"large_threshold"`
	Shard          *[2]int                      `json:"shard"`
	Presence       json.RawMessage              `json:"presence"`
	Intents        discordgo.Intent             `json:"intents"`

	Raw  json.RawMessage `json:"-"` // the "d" object as sent
	Conn int             `json:"-"` // which connection (1-based, see Connections)
	URL  string          `json:"-"` // the connection's request URI, e.g. "/gateway/?v=9&encoding=json"
}

// Resume is a RESUME (op 6) the fake received.
type Resume struct {
	Token     string `json:"token"`
	SessionID string `json:"session_id"`
	Seq       int64  `json:"seq"`
	Conn      int    `json:"-"`
	// Resumed says whether the fake accepted it; if not it sent op 9 (or
	// closed the connection, for a bad token or seq).
	Resumed bool `json:"-"`
}

// gwSession is a gateway session, which outlives connections via RESUME.
type gwSession struct {
	id    string
	seq   int64
	shard *[2]int
	sent  []sentEvent // recent dispatches, for replay on RESUME
}

type sentEvent struct {
	seq   int64
	frame []byte
}

type gwConn struct {
	n   int
	ws  *websocket.Conn
	url string

	// wmu serialises writes, and seq assignment with them so that frames
	// leave in seq order. Lock order: wmu, then Server.mu.
	wmu chan struct{}

	// Guarded by Server.mu.
	sess           *gwSession
	ready          bool // READY/RESUMED sent and not since told to reconnect/invalid
	closed         bool
	closedByServer bool
	beats          int // heartbeats received
}

func (c *gwConn) lock()   { c.wmu <- struct{}{} }
func (c *gwConn) unlock() { <-c.wmu }

// writeLocked writes one text frame; c.lock must be held.
func (c *gwConn) writeLocked(b []byte) error {
	c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteMessage(websocket.TextMessage, b)
}

func (c *gwConn) write(b []byte) error {
	c.lock()
	defer c.unlock()
	return c.writeLocked(b)
}

func frame(op int, d any) []byte {
	b, err := json.Marshal(map[string]any{"op": op, "d": d, "s": nil, "t": nil})
	if err != nil {
		panic(err)
	}
	return b
}

func dispatchFrame(event string, seq int64, d json.RawMessage) []byte {
	b, err := json.Marshal(struct {
		Op int             `json:"op"`
		D  json.RawMessage `json:"d"`
		S  int64           `json:"s"`
		T  string          `json:"t"`
	}{opDispatch, d, seq, event})
	if err != nil {
		panic(err)
	}
	return b
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	if enc := r.URL.Query().Get("encoding"); enc != "" && enc != "json" {
		http.Error(w, "discordtest serves encoding=json only", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	shut := s.shut
	s.mu.Unlock()
	if shut {
		http.Error(w, "shut down", http.StatusServiceUnavailable)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s.mu.Lock()
	s.nconns++
	c := &gwConn{n: s.nconns, ws: ws, url: r.URL.RequestURI(), wmu: make(chan struct{}, 1)}
	s.conns = append(s.conns, c)
	s.notifyLocked()
	s.mu.Unlock()

	hello := map[string]any{"heartbeat_interval": s.cfg.heartbeat.Milliseconds(), "_trace": []string{"discordtest"}}
	if err := c.write(frame(opHello, hello)); err != nil {
		s.connClosed(c, err)
		return
	}
	for {
		mt, msg, err := ws.ReadMessage()
		if err != nil {
			s.connClosed(c, err)
			return
		}
		if mt != websocket.TextMessage {
			s.closeConn(c, closeDecodeError)
			continue
		}
		s.handleFrame(c, msg)
	}
}

func (s *Server) connClosed(c *gwConn, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !c.closedByServer && websocket.IsCloseError(err, websocket.CloseNormalClosure, websocket.CloseGoingAway) && c.sess != nil {
		// A client closing with 1000/1001 ends its session on Discord.
		delete(s.sessions, c.sess.id)
	}
	c.closed, c.ready = true, false
	s.notifyLocked()
}

// closeConn sends a close frame with code (none for 1006 or 0) and drops
// the connection.
func (s *Server) closeConn(c *gwConn, code int) {
	s.mu.Lock()
	if c.closed {
		s.mu.Unlock()
		return
	}
	c.closed, c.closedByServer, c.ready = true, true, false
	if c.sess != nil && (code == closeInvalidSeq || code == closeSessionTimedOut) {
		delete(s.sessions, c.sess.id)
	}
	s.notifyLocked()
	s.mu.Unlock()
	if code != 0 && code != websocket.CloseAbnormalClosure {
		msg := websocket.FormatCloseMessage(code, closeReasons[code])
		c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
	}
	c.ws.Close()
}

func (s *Server) handleFrame(c *gwConn, msg []byte) {
	var f struct {
		Op *int            `json:"op"`
		D  json.RawMessage `json:"d"`
	}
	if err := json.Unmarshal(msg, &f); err != nil || f.Op == nil {
		s.logf("gateway conn %d: undecodable frame %q", c.n, msg)
		s.closeConn(c, closeDecodeError)
		return
	}
	switch *f.Op {
	case opHeartbeat:
		s.mu.Lock()
		c.beats++
		s.notifyLocked()
		s.mu.Unlock()
		c.write(frame(opHeartbeatACK, nil))
	case opIdentify:
		s.identify(c, f.D)
	case opResume:
		s.resume(c, f.D)
	case opPresenceUpdate, opVoiceState, opRequestMembers:
		s.mu.Lock()
		authed := c.sess != nil
		s.mu.Unlock()
		if !authed {
			s.closeConn(c, closeNotAuthenticated)
		}
	default:
		s.logf("gateway conn %d: unknown opcode %d", c.n, *f.Op)
		s.closeConn(c, closeUnknownOpcode)
	}
}

func validToken(t string) bool { return t == Token || t == "Bot "+Token }

func newSessionID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func (s *Server) identify(c *gwConn, d json.RawMessage) {
	var id Identify
	if err := json.Unmarshal(d, &id); err != nil {
		s.logf("gateway conn %d: undecodable IDENTIFY %s: %v", c.n, d, err)
		s.closeConn(c, closeDecodeError)
		return
	}
	id.Raw, id.Conn, id.URL = append(json.RawMessage(nil), d...), c.n, c.url
	s.mu.Lock()
	already := c.sess != nil
	s.identifies = append(s.identifies, id)
	s.notifyLocked()
	s.mu.Unlock()
	switch {
	case already:
		s.closeConn(c, closeAlreadyAuth)
		return
	case !validToken(id.Token):
		s.closeConn(c, closeAuthFailed)
		return
	case id.Shard != nil && (id.Shard[1] < 1 || id.Shard[0] < 0 || id.Shard[0] >= id.Shard[1]):
		s.closeConn(c, closeInvalidShard)
		return
	case id.Intents&privilegedIntents != 0 && !s.cfg.privileged:
		s.closeConn(c, closeDisallowedIntents)
		return
	}
	if s.withholdReady() {
		return
	}

	sess := &gwSession{id: newSessionID(), shard: id.Shard}
	ready := map[string]any{
		"v":                  10,
		"session_id":         sess.id,
		"session_type":       "normal",
		"resume_gateway_url": s.GatewayURL(),
		"user":               botUser(),
		"application":        map[string]any{"id": AppID, "flags": 0},
		"guilds":             []any{},
		"private_channels":   []any{},
		"_trace":             []string{"discordtest"},
	}
	if id.Shard != nil {
		ready["shard"] = id.Shard
	}
	raw, _ := json.Marshal(ready)

	c.lock()
	defer c.unlock()
	s.mu.Lock()
	if c.closed {
		s.mu.Unlock()
		return
	}
	s.sessions[sess.id] = sess
	c.sess = sess
	sess.seq++
	fr := dispatchFrame("READY", sess.seq, raw)
	sess.sent = append(sess.sent, sentEvent{sess.seq, fr})
	// Ready before the frame goes out: a client that has READY may be sent
	// events at once.
	c.ready = true
	s.mu.Unlock()
	err := c.writeLocked(fr)
	s.mu.Lock()
	c.ready = err == nil && !c.closed
	s.notifyLocked()
	s.mu.Unlock()
}

func (s *Server) resume(c *gwConn, d json.RawMessage) {
	var rs Resume
	if err := json.Unmarshal(d, &rs); err != nil {
		s.closeConn(c, closeDecodeError)
		return
	}
	rs.Conn = c.n
	c.lock()
	s.mu.Lock()
	sess := s.sessions[rs.SessionID]
	code := resumeRefusal(c, rs, sess)
	rs.Resumed = code == 0 && sess != nil
	s.resumes = append(s.resumes, rs)
	s.notifyLocked()
	if code != 0 || c.closed {
		s.mu.Unlock()
		c.unlock()
		s.closeConn(c, code)
		return
	}
	if sess == nil {
		s.mu.Unlock()
		c.writeLocked(frame(opInvalidSession, false))
		c.unlock()
		return
	}
	stale := s.moveSessionLocked(c, sess)
	defer func() {
		for _, o := range stale {
			s.closeConn(o, closeSessionTimedOut)
		}
	}()
	frames := sess.replay(rs.Seq)
	c.ready = true // as for READY: before the client can see RESUMED
	s.mu.Unlock()
	var err error
	for _, fr := range frames {
		if err = c.writeLocked(fr); err != nil {
			break
		}
	}
	s.mu.Lock()
	c.ready = err == nil && !c.closed
	s.notifyLocked()
	s.mu.Unlock()
	c.unlock()
}

// resumeRefusal is the close code Discord refuses resume rs on c with, or
// 0. An unknown session is not refused: it is told to identify again.
func resumeRefusal(c *gwConn, rs Resume, sess *gwSession) int {
	switch {
	case c.sess != nil:
		return closeAlreadyAuth
	case !validToken(rs.Token):
		return closeAuthFailed
	case sess != nil && rs.Seq > sess.seq:
		return closeInvalidSeq
	}
	return 0
}

// moveSessionLocked gives sess to c and returns the connections that held
// it, to be dropped: a session lives on one connection.
func (s *Server) moveSessionLocked(c *gwConn, sess *gwSession) (stale []*gwConn) {
	c.sess = sess
	for _, o := range s.conns {
		if o != c && o.sess == sess && !o.closed {
			o.sess, o.ready = nil, false
			stale = append(stale, o)
		}
	}
	return stale
}

// replay is what a resume after seq is sent: the events it missed, then
// RESUMED.
func (sess *gwSession) replay(seq int64) [][]byte {
	var frames [][]byte
	for _, e := range sess.sent {
		if e.seq > seq {
			frames = append(frames, e.frame)
		}
	}
	sess.seq++
	return append(frames, dispatchFrame("RESUMED", sess.seq, json.RawMessage(`{"_trace":["discordtest"]}`)))
}

func botUser() map[string]any {
	return map[string]any{
		"id":            BotUserID,
		"username":      BotUsername,
		"discriminator": "0",
		"global_name":   nil,
		"avatar":        nil,
		"bot":           true,
		"verified":      true,
		"mfa_enabled":   false,
		"flags":         0,
		"public_flags":  0,
	}
}

// withholdReady reports whether this IDENTIFY is to get no READY
// (WithReadyWithheld), counting it.
func (s *Server) withholdReady() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.cfg.withholdReady
	if n == 0 || n > 0 && s.withheld >= n {
		return false
	}
	s.withheld++
	s.notifyLocked()
	return true
}

// Withheld is how many IDENTIFYs got no READY (WithReadyWithheld).
func (s *Server) Withheld() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.withheld
}
