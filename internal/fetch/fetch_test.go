package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// server is a local web server that counts the requests that reached it.
type server struct {
	*httptest.Server
	hits atomic.Int64
	addr netip.AddrPort
}

func newServer(t *testing.T, network string, h http.HandlerFunc) *server {
	t.Helper()
	addr := "127.0.0.1:0"
	if network == "tcp6" {
		addr = "[::1]:0"
	}
	l, err := net.Listen(network, addr)
	if err != nil {
		t.Skipf("listen %s: %v", addr, err)
	}
	s := &server{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		h(w, r)
	}))
	s.Listener = l
	s.Start()
	t.Cleanup(s.Close)
	s.addr = netip.MustParseAddrPort(l.Addr().String())
	return s
}

func page(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}
}

// fakeResolver answers every name from its map.
type fakeResolver map[string][]netip.Addr

func (f fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if a, ok := f[host]; ok {
		return a, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

func TestURLFetchesAllowedServer(t *testing.T) {
	s := newServer(t, "tcp4", page("<p>hello</p>"))
	f := New(Options{AllowForTests: []netip.AddrPort{s.addr}})
	p, err := f.URL(context.Background(), s.URL+"/story")
	if err != nil {
		t.Fatalf("URL: %v", err)
	}
	if string(p.Body) != "<p>hello</p>" || p.ContentType != "text/html" || p.URL != s.URL+"/story" {
		t.Errorf("URL = %+v", p)
	}
}

// TestSSRFRefused: every link to the bot's own networks is refused before
// a connection is made, and the server behind it never sees a request.
func TestSSRFRefused(t *testing.T) {
	v4 := newServer(t, "tcp4", page("secret"))
	v6 := newServer(t, "tcp6", page("secret"))
	port := v4.addr.Port()
	// The only server this fetcher may reach redirects to the others.
	open := newServer(t, "tcp4", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	})
	f := New(Options{
		AllowForTests: []netip.AddrPort{open.addr},
		Resolver: fakeResolver{
			"evil.example":  {netip.MustParseAddr("127.0.0.1")},
			"mixed.example": {netip.MustParseAddr("93.184.216.34"), netip.MustParseAddr("127.0.0.1")},
		},
		Timeout: 3 * time.Second,
	})
	for _, tc := range []struct {
		name, link string
		want       error
	}{
		{"loopback", v4.URL, ErrBlocked},
		{"loopback ipv6", v6.URL, ErrBlocked},
		{"private", "http://10.0.0.1:" + fmt.Sprint(port) + "/", ErrBlocked},
		{"metadata", "http://169.254.169.254/latest/meta-data/", ErrBlocked},
		{"cgnat", "http://100.64.0.1/", ErrBlocked},
		{"mapped", fmt.Sprintf("http://[::ffff:127.0.0.1]:%d/", port), ErrBlocked},
		{"nat64 of loopback", fmt.Sprintf("http://[64:ff9b::7f00:1]:%d/", port), ErrBlocked},
		{"name resolving to loopback", fmt.Sprintf("http://evil.example:%d/", port), ErrBlocked},
		{"name with one loopback address", fmt.Sprintf("http://mixed.example:%d/", port), ErrBlocked},
		{"redirect to loopback", open.URL + "/?to=" + url.QueryEscape(v4.URL+"/x"), ErrBlocked},
		{"redirect to a name resolving to loopback", open.URL + "/?to=" + url.QueryEscape(fmt.Sprintf("http://evil.example:%d/", port)), ErrBlocked},
		{"redirect to ipv6 loopback", open.URL + "/?to=" + url.QueryEscape(v6.URL), ErrBlocked},
		{"redirect to file", open.URL + "/?to=" + url.QueryEscape("file:///etc/passwd"), ErrScheme},
		{"file", "file:///etc/passwd", ErrScheme},
		{"gopher", "gopher://127.0.0.1/", ErrScheme},
		{"credentials", "http://user:pw@example.com/", ErrScheme},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.URL(context.Background(), tc.link)
			if !errors.Is(err, tc.want) {
				t.Errorf("URL(%s) error = %v, want %v", tc.link, err, tc.want)
			}
		})
	}
	if n := v4.hits.Load() + v6.hits.Load(); n != 0 {
		t.Errorf("the loopback servers were reached %d times, want never", n)
	}
}

func TestBlocked(t *testing.T) {
	for _, tc := range []struct {
		addr string
		want bool
	}{
		{"127.0.0.1", true}, {"127.1.2.3", true}, {"::1", true}, {"10.0.0.1", true}, {"172.16.5.4", true},
		{"192.168.1.1", true}, {"169.254.169.254", true}, {"fe80::1", true}, {"fd00:ec2::254", true},
		{"100.100.100.200", true}, {"0.0.0.0", true}, {"::", true}, {"255.255.255.255", true}, {"224.0.0.1", true},
		{"::ffff:10.0.0.1", true}, {"2002:7f00:1::", true}, {"::127.0.0.1", true},
		{"93.184.216.34", false}, {"8.8.8.8", false}, {"2606:4700::1111", false}, {"2002:5db8:d822::", false},
	} {
		if got := blocked(netip.MustParseAddr(tc.addr)); got != tc.want {
			t.Errorf("blocked(%s) = %v, want %v", tc.addr, got, tc.want)
		}
	}
}

func TestAttachmentHosts(t *testing.T) {
	s := newServer(t, "tcp4", func(w http.ResponseWriter, r *http.Request) {
		if to := r.URL.Query().Get("to"); to != "" {
			http.Redirect(w, r, to, http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "Headline\n\nText.")
	})
	other := newServer(t, "tcp4", page("not an attachment"))
	f := New(Options{AttachmentHosts: []string{"cdn.test"}, AllowForTests: []netip.AddrPort{s.addr, other.addr},
		Resolver: fakeResolver{"cdn.test": {s.addr.Addr()}, "elsewhere.test": {other.addr.Addr()}}})
	cdn := fmt.Sprintf("http://cdn.test:%d", s.addr.Port())
	p, err := f.Attachment(context.Background(), cdn+"/attachments/1/2/week1.txt?ex=abc&hm=sig")
	if err != nil || string(p.Body) != "Headline\n\nText." || p.ContentType != "text/plain" {
		t.Fatalf("Attachment = %+v, %v", p, err)
	}
	for _, link := range []string{
		fmt.Sprintf("http://elsewhere.test:%d/x.txt", other.addr.Port()),
		cdn + "/?to=" + url.QueryEscape(fmt.Sprintf("http://elsewhere.test:%d/x.txt", other.addr.Port())),
	} {
		_, err := f.Attachment(context.Background(), link)
		if !errors.Is(err, ErrNotAttachment) {
			t.Errorf("Attachment(%s) error = %v, want ErrNotAttachment", link, err)
		}
	}
	if n := other.hits.Load(); n != 0 {
		t.Errorf("a host that is not an attachment host was reached %d times", n)
	}
	_, err = f.Attachment(context.Background(), cdn+"/a.txt?hm=SECRETSIG&to="+url.QueryEscape("http://elsewhere.test/"))
	if err == nil || strings.Contains(err.Error(), "SECRETSIG") {
		t.Errorf("Attachment error = %v: want an error that leaves out the signed query", err)
	}
}

func TestLimits(t *testing.T) {
	big := strings.Repeat("x", 2000)
	s := newServer(t, "tcp4", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/big":
			fmt.Fprint(w, big)
		case "/chunked": // no Content-Length: the cap must hold while reading
			for range 4 {
				fmt.Fprint(w, big[:600])
				w.(http.Flusher).Flush()
			}
		case "/exact":
			fmt.Fprint(w, big[:1000])
		case "/slow":
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		case "/missing":
			http.NotFound(w, r)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		}
	})
	f := New(Options{MaxBytes: 1000, Timeout: 300 * time.Millisecond, AllowForTests: []netip.AddrPort{s.addr}})
	for _, tc := range []struct {
		path string
		want error
	}{
		{"/big", ErrTooLarge},
		{"/chunked", ErrTooLarge},
		{"/exact", nil},
		{"/slow", context.DeadlineExceeded},
		{"/missing", ErrStatus},
		{"/loop", ErrTooManyRedirects},
	} {
		start := time.Now()
		_, err := f.URL(context.Background(), s.URL+tc.path)
		if !errors.Is(err, tc.want) && !(tc.want == context.DeadlineExceeded && isTimeout(err)) {
			t.Errorf("URL(%s) error = %v, want %v", tc.path, err, tc.want)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("URL(%s) took %v, past its 300ms timeout", tc.path, d)
		}
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// TestControl checks the dialer's own check, which runs on the address of
// the socket itself whatever resolved it.
func TestControl(t *testing.T) {
	allowed := netip.MustParseAddrPort("127.0.0.1:8080")
	f := New(Options{AllowForTests: []netip.AddrPort{allowed}})
	for addr, want := range map[string]error{
		"127.0.0.1:80":          ErrBlocked,
		"[::1]:443":             ErrBlocked,
		"169.254.169.254:80":    ErrBlocked,
		"not an address":        ErrBlocked,
		"93.184.216.34:443":     nil,
		allowed.String():        nil,
		"[2606:4700::1111]:443": nil,
	} {
		if err := f.control("tcp", addr, nil); !errors.Is(err, want) {
			t.Errorf("control(%s) = %v, want %v", addr, err, want)
		}
	}
}
