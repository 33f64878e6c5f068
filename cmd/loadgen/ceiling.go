package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strconv"
	"time"
)

// ceilingReply is the ceiling's one reply, encoded once: the shape and
// about the size of the bot's answer to "what did China say about proof?"
// (an embed with the passage, source and date, and four buttons).
var ceilingReply = mustJSON(map[string]any{
	"type": 4,
	"data": map[string]any{
		"embeds": []any{map[string]any{
			"title": "China condemns cyberattacks, but says no proof Nokor hacked Sony",
			"description": "**China** said on Monday (December 22) that it opposed all forms of cyber attacks but there was no **proof** yet " +
				"that North Korea was responsible for the hacking of Sony Pictures, as charged by the United States.",
			"fields": []any{
				map[string]any{"name": "Source", "value": "Reuters", "inline": true},
				map[string]any{"name": "Date", "value": "22 December 2014", "inline": true},
				map[string]any{"name": "Confidence", "value": "Likely", "inline": true},
			},
			"footer": map[string]any{"text": "Question: what did China say about proof?"},
		}},
		"components": []any{map[string]any{"type": 1, "components": []any{
			map[string]any{"type": 2, "style": 2, "label": "More passages", "custom_id": "more|000_e50f249042850110/2"},
			map[string]any{"type": 2, "style": 1, "label": "Cite", "custom_id": "cite|000_e50f249042850110/2"},
			map[string]any{"type": 2, "style": 2, "emoji": map[string]any{"name": "👍"}, "custom_id": "up|rec0001"},
			map[string]any{"type": 2, "style": 2, "emoji": map[string]any{"name": "👎"}, "custom_id": "down|rec0001"},
		}}},
		"allowed_mentions": map[string]any{"parse": []any{}},
	},
})

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // a literal above that cannot be encoded: a programming error
	}
	return b
}

// maxCeilingBody is the bot's limit on an interaction body.
const maxCeilingBody = 64 << 10

// ceiling is the least an interactions endpoint must do for each request:
// read the body, check the timestamp and the Ed25519 signature, decode the
// interaction, and send a reply (a fixed one, encoded once). The bot's
// throughput is measured against it on the same machine in the same run.
type ceiling struct {
	key ed25519.PublicKey
	now func() time.Time
}

// interaction is the part of Discord's payload a server must read to
// answer /ask.
type interaction struct {
	ID     string `json:"id"`
	Type   int    `json:"type"`
	Token  string `json:"token"`
	Member struct {
		User struct {
			ID string `json:"id"`
		} `json:"user"`
	} `json:"member"`
	Data struct {
		Name    string `json:"name"`
		Options []struct {
			Name  string `json:"name"`
			Value any    `json:"value"`
		} `json:"options"`
	} `json:"data"`
}

func (c *ceiling) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /interactions", c.interactions)
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ready\n") })
	return mux
}

func (c *ceiling) interactions(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxCeilingBody))
	if err != nil {
		http.Error(w, "unreadable body", http.StatusBadRequest)
		return
	}
	if !c.verify(r.Header, body) {
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	var in interaction
	if err := json.Unmarshal(body, &in); err != nil {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if in.Type == 1 {
		io.WriteString(w, `{"type":1}`)
		return
	}
	w.Write(ceilingReply)
}

// verify is the check Discord requires: Ed25519 over timestamp + body, the
// timestamp within five minutes of now.
func (c *ceiling) verify(h http.Header, body []byte) bool {
	sig, err := hex.DecodeString(h.Get("X-Signature-Ed25519"))
	if err != nil || len(sig) != ed25519.SignatureSize {
		return false
	}
	ts := h.Get("X-Signature-Timestamp")
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	if d := c.now().Sub(time.Unix(sec, 0)); d > 5*time.Minute || d < -5*time.Minute {
		return false
	}
	return ed25519.Verify(c.key, append([]byte(ts), body...), sig)
}

// runCeiling serves the ceiling until ctx is done, with the bot's server
// timeouts.
func runCeiling(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loadgen ceiling", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8081", "listen on `ADDR`")
	if help, err := parseFlags(fs, args, out); help || err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("ceiling: %w", err)
	}
	// The bot's garbage-collector policy (BOT_GC_PERCENT's default), so
	// that the ceiling is not held down by collections the bot avoids.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	c := &ceiling{key: testKey().Public().(ed25519.PublicKey), now: time.Now}
	srv := &http.Server{
		Handler:           c.routes(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       30 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(out, "ceiling listening on http://%s/interactions\n", ln.Addr())
	select {
	case err := <-served:
		return fmt.Errorf("ceiling: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("ceiling shutdown: %w", err)
	}
	return nil
}
