package main

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/sourcebot/newsbot/internal/discord"
)

// redactor is a slog handler that blanks out secrets (the bot token, the
// public key, interaction tokens) wherever they would appear: in messages,
// attributes and errors, at every level. It also caps every logged string,
// since many carry what users typed (a command name can be 58,000
// characters long).
type redactor struct {
	next    slog.Handler
	secrets *secrets
}

type secrets struct {
	mu   sync.RWMutex
	list []string
}

func (s *secrets) add(v string) {
	if len(strings.TrimSpace(v)) < 6 {
		return // too short to be a secret, and too common to blank out
	}
	s.mu.Lock()
	s.list = append(s.list, v)
	s.mu.Unlock()
}

func (s *secrets) redact(v string) string {
	s.mu.RLock()
	for _, sec := range s.list {
		v = strings.ReplaceAll(v, sec, "[redacted]")
	}
	s.mu.RUnlock()
	return discord.RedactTokens(v)
}

// The most runes logged of a message, of an error attribute and of any
// other string attribute; the rest is replaced by "…(+N)".
const (
	maxMessageRunes = 1024
	maxErrorRunes   = 2048 // errors say what went wrong: keep more of them
	maxAttrRunes    = 256
)

// capRunes keeps the first max runes of v and says how many it dropped.
func capRunes(v string, max int) string {
	n := 0
	for i := range v {
		if n == max {
			return v[:i] + fmt.Sprintf("…(+%d)", utf8.RuneCountInString(v[i:]))
		}
		n++
	}
	return v
}

// attrLimit is the cap of an attribute's string by its key.
func attrLimit(key string) int {
	switch key {
	case "err", "error", "panic", "stack":
		return maxErrorRunes
	}
	return maxAttrRunes
}

// redactError blanks secrets out of err's message; errors.Is and As still
// see the original.
func (s *secrets) redactError(err error) error {
	msg := s.redact(err.Error())
	if msg == err.Error() {
		return err
	}
	return redactedError{msg: msg, err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e redactedError) Error() string { return e.msg }
func (e redactedError) Unwrap() error { return e.err }

func (h redactor) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h redactor) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, capRunes(h.secrets.redact(r.Message), maxMessageRunes), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.attr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h redactor) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, capRunes(h.secrets.redact(v.String()), attrLimit(a.Key)))
	case slog.KindGroup:
		var as []any
		for _, g := range v.Group() {
			as = append(as, h.attr(g))
		}
		return slog.Group(a.Key, as...)
	case slog.KindAny:
		return slog.String(a.Key, capRunes(h.secrets.redact(fmt.Sprint(v.Any())), attrLimit(a.Key)))
	}
	return a
}

func (h redactor) WithAttrs(as []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(as))
	for i, a := range as {
		red[i] = h.attr(a)
	}
	return redactor{next: h.next.WithAttrs(red), secrets: h.secrets}
}

func (h redactor) WithGroup(name string) slog.Handler {
	return redactor{next: h.next.WithGroup(name), secrets: h.secrets}
}

// libLog is where bleve's own log lines go (through the log package): the
// logger of the command being run, so they are redacted and structured too.
// discordgo's go to discord.SetLibraryLogger.
var libLog atomic.Pointer[slog.Logger]

// stdLog carries lines written to the standard log package (bleve's
// scorch reports damaged segments there) to the command's logger.
type stdLog struct{}

func (stdLog) Write(p []byte) (int, error) {
	if l := libLog.Load(); l != nil {
		l.Warn(strings.TrimSpace(string(p)), "component", "bleve")
	}
	return len(p), nil
}

func init() {
	log.SetFlags(0)
	log.SetOutput(stdLog{})
}
