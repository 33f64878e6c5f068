package discordtest

// Serving one REST request: injected faults, routing, the conformance
// check of its body, recording it, and Discord's replies and errors.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// reply is a REST answer: its status, JSON body and headers.
type reply struct {
	status int
	body   any // marshalled to JSON unless nil
	header http.Header
}

func jsonReply(status int, body any) reply { return reply{status: status, body: body} }

func noContent() reply { return reply{status: http.StatusNoContent} }

// apiError is Discord's error body.
func apiError(status, code int, msg string) reply {
	return jsonReply(status, map[string]any{"message": msg, "code": code})
}

func statusError(status int) reply {
	return apiError(status, 0, fmt.Sprintf("%d: %s", status, http.StatusText(status)))
}

var snowflakeSeq atomic.Uint64

// snowflake returns a fresh, unique Discord-style ID for now.
func snowflake() string {
	ms := uint64(time.Now().UnixMilli() - 1420070400000)
	return strconv.FormatUint(ms<<22|snowflakeSeq.Add(1)&0x3FFFFF, 10)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/gateway" || r.URL.Path == "/gateway/" {
		s.serveGateway(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	p := r.URL.Path
	rest, isAPI := p, false
	if loc := apiPrefix.FindStringIndex(p); loc != nil && (len(p) == loc[1] || p[loc[1]] == '/') {
		rest, isAPI = p[loc[1]:], true
	}
	c := &callRec{Call: Call{
		Method: r.Method,
		Path:   rest,
		Query:  r.URL.Query(),
		Header: r.Header.Clone(),
		Body:   body,
		At:     time.Now(),
	}}

	delay, failStatus := s.takeFaults(r.Method, rest)
	if !wait(r.Context(), delay) {
		s.record(c, 0, nil)
		return
	}
	rep := s.respond(c, isAPI, failStatus)
	if failStatus == 0 && rep.status == http.StatusNotFound && s.isUnknownRoute(rep) {
		s.logf("unknown route %s %s", r.Method, p)
	}
	s.write(w, c, rep)
}

// wait waits d, and reports false if the request was given up first.
func wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// respond is Discord's reply to call c: a 404 off the API, the fault
// planted for it, or its route's reply, after which its body is checked
// against the spec.
func (s *Server) respond(c *callRec, isAPI bool, failStatus int) reply {
	switch {
	case !isAPI:
		return statusError(http.StatusNotFound)
	case failStatus == http.StatusTooManyRequests:
		return s.rateLimited()
	case failStatus != 0:
		return faultReply(failStatus)
	}
	rep := s.route(c.Call)
	s.conform(c.Method, c.Path, c.Payload()) // after routing, so the check takes nothing from any deadline
	return rep
}

// write records call c with its reply and sends the reply.
func (s *Server) write(w http.ResponseWriter, c *callRec, rep reply) {
	var out []byte
	if rep.body != nil {
		out, _ = json.Marshal(rep.body)
	}
	for k, vs := range rep.header {
		w.Header()[k] = vs
	}
	if out != nil {
		w.Header().Set("Content-Type", "application/json")
	}
	s.record(c, rep.status, out)
	w.WriteHeader(rep.status)
	w.Write(out)
}

// Violation is a request body that does not conform to Discord's spec for
// its route (see conform.go for what is checked).
type Violation struct {
	Method, Path string
	Route        string // the route's name in the vendored spec
	Problems     []string
	Body         []byte
}

func (v Violation) String() string {
	return fmt.Sprintf("%s %s (%s): %s\n\tbody: %s", v.Method, v.Path, v.Route, strings.Join(v.Problems, "\n\t"), v.Body)
}

// Violations returns every non-conforming body received so far.
func (s *Server) Violations() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Violation(nil), s.violations...)
}

// conform checks a request body against Discord's spec for its route.
func (s *Server) conform(method, p string, body []byte) {
	route := s.specRoute(method, p)
	if route == "" || s.cfg.lenient {
		return
	}
	c, err := sharedConformance()
	if err != nil {
		s.tb.Errorf("discordtest: %v", err)
		return
	}
	problems := c.check(route, body)
	if len(problems) == 0 {
		return
	}
	v := Violation{Method: method, Path: p, Route: route, Problems: problems, Body: append([]byte(nil), body...)}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.violations = append(s.violations, v)
	if !s.shut {
		s.tb.Errorf("discordtest: a body that does not conform to Discord's spec: %v", v)
	}
}

func (s *Server) isUnknownRoute(rep reply) bool {
	m, ok := rep.body.(map[string]any)
	return ok && m["message"] == "404: Not Found"
}

func (s *Server) record(c *callRec, status int, resp []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.Status, c.Response = status, resp
	s.calls = append(s.calls, c)
	s.notifyLocked()
}

func (s *Server) rateLimited() reply {
	ra := s.cfg.retryAfter.Seconds()
	h := http.Header{}
	h.Set("Retry-After", strconv.Itoa(int(ra+0.999)))
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(time.Now().Add(s.cfg.retryAfter).UnixMilli())/1000, 'f', 3, 64))
	h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(ra, 'f', 3, 64))
	h.Set("X-RateLimit-Bucket", "discordtest-bucket")
	h.Set("X-RateLimit-Scope", "user")
	return reply{
		status: http.StatusTooManyRequests,
		body:   map[string]any{"message": "You are being rate limited.", "retry_after": ra, "global": false},
		header: h,
	}
}

func faultReply(status int) reply {
	switch status {
	case http.StatusUnauthorized:
		return statusError(status)
	case http.StatusForbidden:
		return apiError(status, 50001, "Missing Access")
	case http.StatusBadRequest:
		return apiError(status, 50035, "Invalid Form Body")
	}
	return statusError(status)
}
