package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestCeilingChecksSignatures: the ceiling does the work every endpoint
// must, so it refuses what the bot refuses.
func TestCeilingChecksSignatures(t *testing.T) {
	c := &ceiling{key: testKey().Public().(ed25519.PublicKey), now: time.Now}
	reqs, err := presign(testKey(), 2, false)
	if err != nil {
		t.Fatal(err)
	}
	tamper := reqs[1]
	tamper.body = []byte(strings.Replace(string(tamper.body), "ask", "asK", 1))
	stale := reqs[0]
	stale.stamp = "1"
	for _, tc := range []struct {
		name string
		r    signedReq
		want int
	}{
		{"signed", reqs[0], http.StatusOK},
		{"body changed after signing", tamper, http.StatusUnauthorized},
		{"timestamp outside the window", stale, http.StatusUnauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			r := httptest.NewRequest(http.MethodPost, "/interactions", strings.NewReader(string(tc.r.body)))
			r.Header.Set("X-Signature-Timestamp", tc.r.stamp)
			r.Header.Set("X-Signature-Ed25519", tc.r.signHex)
			c.routes().ServeHTTP(w, r)
			if w.Code != tc.want {
				t.Fatalf("status %d, want %d: %s", w.Code, tc.want, w.Body)
			}
			if tc.want == http.StatusOK {
				if kind, _ := classify(w.Code, w.Body); kind != replyAnswer {
					t.Errorf("the ceiling's reply is not counted as an answer: %s", w.Body)
				}
			}
		})
	}
}

// TestClassify: only answers are timed; a notice that stands in for one
// (a replay, a rate limit, a busy server) is counted apart.
func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		want   int
	}{
		{200, `{"type":4,"data":{"embeds":[{"title":"x"}]}}`, replyAnswer},
		{200, `{"type":4,"data":{"content":"I don't have that in my articles, so I won't guess.","flags":64}}`, replyAnswer},
		{200, `{"type":4,"data":{"content":"This interaction was already answered.","flags":64}}`, replyNotice},
		{200, `{"type":5}`, replyFailed},
		{503, `{"type":4,"data":{"embeds":[{}]}}`, replyFailed},
		{200, `not json`, replyFailed},
	} {
		if got, _ := classify(tc.status, strings.NewReader(tc.body)); got != tc.want {
			t.Errorf("classify(%d, %s) = %d, want %d", tc.status, tc.body, got, tc.want)
		}
	}
}

// TestPresignDistinct: no two requests share an interaction id, or the
// bot would answer the second as a replay.
func TestPresignDistinct(t *testing.T) {
	reqs, err := presign(testKey(), 500, true)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range reqs {
		var in interaction
		if err := json.Unmarshal(r.body, &in); err != nil {
			t.Fatal(err)
		}
		id := in.ID + "/" + in.Member.User.ID
		if seen[in.ID] || seen[in.Member.User.ID] {
			t.Fatalf("interaction %s signed twice", id)
		}
		seen[in.ID], seen[in.Member.User.ID] = true, true
		if !ed25519.Verify(testKey().Public().(ed25519.PublicKey), append([]byte(r.stamp), r.body...), mustHex(t, r.signHex)) {
			t.Fatalf("request %s: bad signature", id)
		}
	}
}

// TestDriveRunsOut: a run that needs more requests than were signed never
// sends one twice: it fails when they run out during the warm-up, and ends
// the measurement early when they run out during it.
func TestDriveRunsOut(t *testing.T) {
	c := &ceiling{key: testKey().Public().(ed25519.PublicKey), now: time.Now}
	srv := httptest.NewServer(c.routes())
	defer srv.Close()
	_, err := drive(context.Background(), load{url: srv.URL + "/interactions", conns: 2, warm: time.Minute, dur: time.Minute, n: 50})
	if err != errRanOut {
		t.Fatalf("drive = %v, want errRanOut", err)
	}
	short, err := drive(context.Background(), load{url: srv.URL + "/interactions", conns: 2, dur: time.Minute, n: 50})
	if err != nil || !short.short || short.answers == 0 || short.answers > 50 {
		t.Fatalf("drive = %+v, %v; want a short run of at most 50 answers", short, err)
	}
	res, err := drive(context.Background(), load{url: srv.URL + "/interactions", conns: 2, dur: 100 * time.Millisecond, warm: 10 * time.Millisecond, n: 20000})
	if err != nil {
		t.Fatal(err)
	}
	if res.answers == 0 || res.errors != 0 || res.notices != 0 {
		t.Errorf("against the ceiling: %+v, want answers only", res)
	}
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseBot(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want botSpec
		ok   bool
	}{
		{"/tmp/bot", botSpec{label: "bot", path: "/tmp/bot"}, true},
		{"after=/tmp/bot,BOT_GC_PERCENT=100,BOT_MEMORY_LIMIT=off", botSpec{label: "after", path: "/tmp/bot", env: []string{"BOT_GC_PERCENT=100", "BOT_MEMORY_LIMIT=off"}}, true},
		{"ceiling=/tmp/bot", botSpec{}, false},
		{"a b=/tmp/bot", botSpec{}, false},
		{"x=/tmp/bot,oops", botSpec{}, false},
		{"", botSpec{}, false},
	} {
		got, err := parseBot(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("parseBot(%q) error %v, want ok=%v", tc.in, err, tc.ok)
			continue
		}
		if tc.ok && (got.label != tc.want.label || got.path != tc.want.path || strings.Join(got.env, " ") != strings.Join(tc.want.env, " ")) {
			t.Errorf("parseBot(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

// TestHelpIsNoError: -h and -help print the usage on stdout and succeed,
// for the load generator and each subcommand; a flag it does not know is
// still an error.
func TestHelpIsNoError(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-h"}, "-unique"},
		{[]string{"-help"}, "-print-key"},
		{[]string{"matrix", "-h"}, "-rounds"},
		{[]string{"ceiling", "-h"}, "-addr"},
	} {
		var out bytes.Buffer
		if err := run(context.Background(), tt.args, &out); err != nil {
			t.Errorf("run(%q) = %v, want no error", tt.args, err)
		}
		if !strings.Contains(out.String(), tt.want) {
			t.Errorf("run(%q) printed %q, want the usage (with %s)", tt.args, out.String(), tt.want)
		}
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-no-such-flag"}, &out); err == nil || out.Len() > 0 {
		t.Errorf("run(-no-such-flag) = %v with %q on stdout, want an error and nothing printed", err, out.String())
	}
}

func TestParseTraffic(t *testing.T) {
	for v, want := range map[string][]bool{"both": {false, true}, "repeated": {false}, "all-new": {true}} {
		if got, err := parseTraffic(v); err != nil || !slices.Equal(got, want) {
			t.Errorf("parseTraffic(%q) = %v, %v; want %v", v, got, err, want)
		}
	}
	if _, err := parseTraffic("unique"); err == nil {
		t.Error("parseTraffic(unique) = nil error, want one")
	}
}
