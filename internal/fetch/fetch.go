// Package fetch downloads what a teacher gives the bot to read, a Discord
// attachment or a link to a web page, with a size cap and a timeout, and
// never from the bot's own network.
//
// A link is a request a stranger makes the bot's machine send, so every
// connection, including each one after a redirect, is checked on the
// address it actually dials, after the name was resolved: loopback,
// private, link-local (which holds the clouds' metadata service at
// 169.254.169.254), CGNAT, multicast and reserved addresses are refused, as
// are IPv6 forms that embed such an IPv4 address. Checking the name before
// the request would not do: DNS can answer differently a moment later.
// No proxy from the environment is used, since a proxy would dial for us.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Defaults of Options.
const (
	DefaultMaxBytes = 1 << 20         // 1 MiB of text
	DefaultTimeout  = 8 * time.Second // inside an interaction's 10 s answer budget
	maxRedirects    = 5
)

// DefaultAttachmentHosts are the hosts Discord serves attachments from.
var DefaultAttachmentHosts = []string{"cdn.discordapp.com", "media.discordapp.net"}

// Errors a fetch fails with; test with errors.Is. Their text is fit for the
// user who gave the link.
var (
	ErrBlocked          = errors.New("that address is on a private or reserved network, which the bot never fetches from")
	ErrScheme           = errors.New("only http:// and https:// links can be fetched")
	ErrNotAttachment    = errors.New("not a Discord attachment")
	ErrTooLarge         = errors.New("larger than the size limit")
	ErrStatus           = errors.New("the server did not return the page")
	ErrTooManyRedirects = errors.New("too many redirects")
)

// Resolver looks up a host's addresses; *net.Resolver is one.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Options configure a Fetcher; the zero value is the defaults.
type Options struct {
	MaxBytes        int64         // the most bytes of a body; 0 means DefaultMaxBytes
	Timeout         time.Duration // for the whole fetch, body included; 0 means DefaultTimeout
	AttachmentHosts []string      // hosts Attachment accepts; nil means DefaultAttachmentHosts
	Resolver        Resolver      // nil means net.DefaultResolver
	Log             *slog.Logger  // nil is silent

	// AllowForTests lets connections to exactly these addresses through
	// the network checks: only for tests, whose servers listen on
	// loopback. Never set it from configuration.
	AllowForTests []netip.AddrPort
}

// Fetcher downloads links and attachments. It is safe for concurrent use.
type Fetcher struct {
	opt    Options
	client *http.Client
}

// Page is what a fetch returned.
type Page struct {
	URL         string // where it was fetched from at last, after redirects
	ContentType string // the media type alone, e.g. "text/html"; "" when not given
	Body        []byte
}

// New returns a Fetcher with opt's settings.
func New(opt Options) *Fetcher {
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.AttachmentHosts == nil {
		opt.AttachmentHosts = DefaultAttachmentHosts
	}
	if opt.Resolver == nil {
		opt.Resolver = net.DefaultResolver
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	f := &Fetcher{opt: opt}
	tr := &http.Transport{
		Proxy:                 nil, // a proxy would make the connections the checks must see
		DialContext:           f.dial,
		TLSHandshakeTimeout:   opt.Timeout,
		ResponseHeaderTimeout: opt.Timeout,
		MaxIdleConns:          4,
		IdleConnTimeout:       30 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	f.client = &http.Client{Transport: tr, Timeout: opt.Timeout}
	return f
}

// URL fetches a web page a user linked to. It returns ErrScheme, ErrBlocked,
// ErrTooLarge, ErrStatus or ErrTooManyRedirects (wrapped), or the network's
// error.
func (f *Fetcher) URL(ctx context.Context, link string) (Page, error) {
	return f.get(ctx, link, nil)
}

// Attachment fetches a Discord attachment: link must be on one of the
// attachment hosts, and so must every redirect. It returns ErrNotAttachment
// besides URL's errors.
func (f *Fetcher) Attachment(ctx context.Context, link string) (Page, error) {
	return f.get(ctx, link, f.checkAttachment)
}

func (f *Fetcher) checkAttachment(u *url.URL) error {
	if !slices.Contains(f.opt.AttachmentHosts, strings.ToLower(u.Hostname())) {
		return fmt.Errorf("%w: %s is not an attachment host", ErrNotAttachment, u.Hostname())
	}
	return nil
}

// get fetches link, checking it and each redirect with checkURL and with
// check when not nil.
func (f *Fetcher) get(ctx context.Context, link string, check func(*url.URL) error) (Page, error) {
	ctx, cancel := context.WithTimeout(ctx, f.opt.Timeout)
	defer cancel()
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil {
		return Page{}, fmt.Errorf("fetch: %w: %v", ErrScheme, err)
	}
	checks := func(u *url.URL) error {
		if err := checkURL(u); err != nil {
			return err
		}
		if check != nil {
			return check(u)
		}
		return nil
	}
	if err := checks(u); err != nil {
		return Page{}, fmt.Errorf("fetch %s: %w", redact(u), err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return Page{}, fmt.Errorf("fetch %s: %w", redact(u), err)
	}
	req.Header.Set("User-Agent", "newsbot (a Discord bot reading an article a teacher linked)")
	req.Header.Set("Accept", "text/html, text/plain, text/markdown;q=0.9, */*;q=0.1")
	client := *f.client
	client.CheckRedirect = func(r *http.Request, via []*http.Request) error {
		if len(via) > maxRedirects {
			return ErrTooManyRedirects
		}
		return checks(r.URL)
	}
	resp, err := client.Do(req)
	if err != nil {
		return Page{}, fmt.Errorf("fetch %s: %w", redact(u), unwrapURLError(err))
	}
	defer resp.Body.Close()
	final := resp.Request.URL
	if resp.StatusCode != http.StatusOK {
		return Page{}, fmt.Errorf("fetch %s: %w (HTTP %d)", redact(final), ErrStatus, resp.StatusCode)
	}
	if resp.ContentLength > f.opt.MaxBytes {
		return Page{}, fmt.Errorf("fetch %s: %w (%d bytes, the limit is %d)", redact(final), ErrTooLarge, resp.ContentLength, f.opt.MaxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.opt.MaxBytes+1))
	if err != nil {
		return Page{}, fmt.Errorf("fetch %s: read: %w", redact(final), err)
	}
	if int64(len(body)) > f.opt.MaxBytes {
		return Page{}, fmt.Errorf("fetch %s: %w (the limit is %d bytes)", redact(final), ErrTooLarge, f.opt.MaxBytes)
	}
	ct, _, _ := strings.Cut(resp.Header.Get("Content-Type"), ";")
	return Page{URL: final.String(), ContentType: strings.ToLower(strings.TrimSpace(ct)), Body: body}, nil
}

// unwrapURLError drops *url.Error's "Get URL:" prefix, which would repeat
// the (possibly signed) URL in the message; the cause stays wrapped.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// redact is u without its query, which for an attachment is a signature:
// fit for errors and logs.
func redact(u *url.URL) string {
	c := *u
	c.RawQuery, c.Fragment, c.User = "", "", nil
	return c.String()
}

// checkURL accepts absolute http(s) URLs with a host and no credentials.
func checkURL(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return ErrScheme
	}
	if u.Hostname() == "" {
		return fmt.Errorf("%w: the link names no host", ErrScheme)
	}
	if u.User != nil {
		return fmt.Errorf("%w: links with a user name or password are not fetched", ErrScheme)
	}
	return nil
}

// dial resolves the host itself, refuses it when any of its addresses is
// blocked, and dials the checked addresses with a Control func that checks
// the address of the socket once more, right before it connects.
func (f *Fetcher) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	port, err := strconv.ParseUint(portText, 10, 16)
	if err != nil {
		return nil, fmt.Errorf("port %q: %w", portText, err)
	}
	addrs, err := f.resolve(ctx, host)
	if err != nil {
		return nil, err
	}
	for _, a := range addrs {
		if err := f.allowed(netip.AddrPortFrom(a, uint16(port))); err != nil {
			f.opt.Log.Warn("fetch refused", "host", host, "addr", a.String(), "err", err.Error())
			return nil, err
		}
	}
	d := net.Dialer{Timeout: f.opt.Timeout, Control: f.control}
	var errs []error
	for _, a := range addrs {
		c, err := d.DialContext(ctx, network, netip.AddrPortFrom(a, uint16(port)).String())
		if err == nil {
			return c, nil
		}
		errs = append(errs, err)
	}
	return nil, errors.Join(errs...)
}

func (f *Fetcher) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a}, nil
	}
	addrs, err := f.opt.Resolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil, fmt.Errorf("look up %s: %w", host, err)
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("look up %s: no addresses", host)
	}
	return addrs, nil
}

// control is the net.Dialer's last word on the address it connects to.
func (f *Fetcher) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: unparsable address %q", ErrBlocked, address)
	}
	return f.allowed(ap)
}

func (f *Fetcher) allowed(ap netip.AddrPort) error {
	if slices.Contains(f.opt.AllowForTests, ap) {
		return nil
	}
	if blocked(ap.Addr()) {
		return fmt.Errorf("%w (%s)", ErrBlocked, ap.Addr())
	}
	return nil
}

// reserved are IPv4 ranges netip has no predicate for and a public page
// never lives on.
var reserved = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // CGNAT (and Alibaba's metadata at 100.100.100.200)
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("100::/64"),        // discard
	netip.MustParsePrefix("::/96"),           // IPv4-compatible (deprecated), e.g. ::127.0.0.1
}

var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96") // embeds an IPv4 address in its last 4 bytes
	sixToFour = netip.MustParsePrefix("2002::/16")    // 6to4: embeds one in bytes 2..5
)

// blocked reports whether a is an address the bot must not fetch from.
func blocked(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() {
		return true
	}
	for _, p := range reserved {
		if p.Contains(a) {
			return true
		}
	}
	if a.Is6() {
		b := a.As16()
		switch {
		case nat64.Contains(a):
			return blocked(netip.AddrFrom4([4]byte(b[12:16])))
		case sixToFour.Contains(a):
			return blocked(netip.AddrFrom4([4]byte(b[2:6])))
		}
	}
	return false
}
