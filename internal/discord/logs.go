package discord

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"sync/atomic"

	"github.com/bwmarrin/discordgo"
)

// libraryLog is where discordgo's own log lines go; nil drops them.
var libraryLog atomic.Pointer[slog.Logger]

// SetLibraryLogger sends discordgo's own log lines (it logs through a
// package variable, not a logger per session) to l, structured and with
// interaction tokens redacted; nil drops them. The last call wins: a
// command sets it once, before it opens a session.
func SetLibraryLogger(l *slog.Logger) { libraryLog.Store(l) }

func init() {
	discordgo.Logger = func(level, caller int, format string, a ...any) {
		l := libraryLog.Load()
		if l == nil {
			return
		}
		lv := slog.LevelDebug
		switch level {
		case discordgo.LogError:
			lv = slog.LevelError
		case discordgo.LogWarning:
			lv = slog.LevelWarn
		case discordgo.LogInformational:
			lv = slog.LevelInfo
		}
		l.Log(context.Background(), lv, RedactTokens(fmt.Sprintf(format, a...)), "component", "discordgo")
	}
}

// tokenPath matches the interaction token in a REST path: for 15 minutes it
// lets anyone post as the bot where the interaction was, and a failed
// reply's *url.Error carries the whole URL:
// .../interactions/ID/TOKEN/callback and .../webhooks/APPID/TOKEN/... The
// ids are kept: they say which interaction failed.
var tokenPath = regexp.MustCompile(`(/(?:interactions|webhooks)/[0-9]+/)[^/\s"'?#&<>]+`)

// tokenField matches the token of an interaction's JSON, as discordgo's
// debug line that dumps a gateway event shows it.
var tokenField = regexp.MustCompile(`("token"\s*:\s*")[^"]*`)

// RedactTokens blanks out the interaction tokens in v, in REST paths and
// in JSON, keeping the ids beside them.
func RedactTokens(v string) string {
	if strings.Contains(v, "/interactions/") || strings.Contains(v, "/webhooks/") {
		v = tokenPath.ReplaceAllString(v, "${1}[redacted]")
	}
	if strings.Contains(v, `"token"`) {
		v = tokenField.ReplaceAllString(v, "${1}[redacted]")
	}
	return v
}
