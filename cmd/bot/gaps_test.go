package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGapsNeedsAnExistingStore: gaps only reads the store, so a path with
// no store is said plainly, and no empty store is left behind.
func TestGapsNeedsAnExistingStore(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, tt := range []struct {
		env  map[string]string
		want string
	}{
		{nil, "no feedback store at " + filepath.Join(dir, "bot.db")},
		{map[string]string{"BOT_DB": "elsewhere/bot.db"}, "no feedback store at " + filepath.Join(dir, "elsewhere", "bot.db")},
		{map[string]string{"BOT_DB": ":memory:"}, "in-memory store is gone"},
		{map[string]string{"BOT_DB": "off"}, "BOT_DB=off"},
		{map[string]string{"BOT_DB": dir}, "is a directory"},
	} {
		out, _, err := runBot(t, tt.env, "gaps")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("BOT_DB=%q bot gaps = %v (printed %q), want an error with %q", tt.env["BOT_DB"], err, out, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "bot.db")); err == nil {
		t.Error("bot gaps created ./bot.db")
	}
}
