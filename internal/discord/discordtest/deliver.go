package discordtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// WithHTTPLatency sets how long the network takes to carry an HTTP
// endpoint's reply to the fake in DeliverHTTP (default 0): each Write the
// endpoint makes is held that long before the fake has it.
func WithHTTPLatency(d time.Duration) Option {
	return func(c *config) { c.httpLatency = d }
}

// DeliverHTTP delivers p to an HTTP interactions endpoint as Discord does:
// it POSTs p's JSON to h (in process; sign adds the signature headers) and
// takes the reply as p's callback once the endpoint has written and flushed
// it, or when h returns, whichever comes first. Until then the interaction
// is not acknowledged, so an edit of @original or a follow-up that arrives
// first is refused with 10015 Unknown Webhook, as Discord refuses it. It
// returns the endpoint's status and body, and an error if the fake refused
// the reply as a callback.
func (s *Server) DeliverHTTP(h http.Handler, p Payload, sign func(r *http.Request, body []byte)) (status int, body []byte, err error) {
	if err := s.ExpectHTTP(p); err != nil {
		return 0, nil, err
	}
	raw, err := json.Marshal(p)
	if err != nil {
		return 0, nil, err
	}
	r := httptest.NewRequest(http.MethodPost, "/interactions", bytes.NewReader(raw))
	r.Header.Set("Content-Type", "application/json")
	sign(r, raw)
	w := &ackWriter{header: http.Header{}, latency: s.cfg.httpLatency, ack: func(b []byte) error { return s.HTTPReply(p, b) }}
	h.ServeHTTP(w, r)
	w.Flush()
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.code(), append([]byte(nil), w.buf.Bytes()...), w.err
}

// ackWriter is the fake's end of an HTTP interaction: what the endpoint
// writes reaches the fake after the latency, and a 200 reply becomes the
// callback when it is flushed.
type ackWriter struct {
	mu      sync.Mutex
	header  http.Header
	status  int
	buf     bytes.Buffer
	latency time.Duration
	acked   bool
	ack     func([]byte) error
	err     error
}

func (w *ackWriter) Header() http.Header { return w.header }

func (w *ackWriter) WriteHeader(code int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.status == 0 {
		w.status = code
	}
}

func (w *ackWriter) Write(b []byte) (int, error) {
	if w.latency > 0 {
		time.Sleep(w.latency)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.buf.Write(b)
}

// Flush hands what was written to the fake: a 200 reply acknowledges the
// interaction.
func (w *ackWriter) Flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.acked || w.code() != http.StatusOK {
		return
	}
	w.acked = true
	if err := w.ack(w.buf.Bytes()); err != nil {
		w.err = fmt.Errorf("discordtest: callback from the HTTP reply: %w", err)
	}
}

func (w *ackWriter) code() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}
