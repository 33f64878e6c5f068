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

// TestQuoteDoubt: `bot quote` credits "act of war" to the lawmakers whose
// label it is, not Obama; and where the article leaves it in doubt, both
// modes say why no speaker is given.
func TestQuoteDoubt(t *testing.T) {
	out, _, err := runBot(t, nil, "quote", "--json", "act of war")
	if err != nil || !strings.Contains(out, `"speaker": "some Republican lawmakers"`) || strings.Contains(out, `"speaker": "Barack Obama"`) {
		t.Errorf("quote --json act of war = %v\n%s", err, out)
	}
	data := "../../internal/quote/testdata/labels"
	out, _, err = runBot(t, nil, "quote", "--json", "--data", data, "money down the drain")
	if err != nil || !strings.Contains(out, `"speaker": ""`) || !strings.Contains(out, `"doubt": "the words sit under \"never\"`) {
		t.Errorf("quote --json money down the drain = %v\n%s", err, out)
	}
	out, _, err = runBot(t, nil, "quote", "--data", data, "money down the drain")
	if err != nil || !strings.Contains(out, "— no speaker given: the words sit under") {
		t.Errorf("quote money down the drain = %v\n%s", err, out)
	}
}
