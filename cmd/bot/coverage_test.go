package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/sourcebot/newsbot/internal/discord"
	"github.com/sourcebot/newsbot/internal/discord/discordtest"
)

// exercised are the commands and buttons the e2e tests sent the bot, named
// as discord.CommandNames names them.
var exercised sync.Map

// exercise notes that an e2e test sent p.
func exercise(p discordtest.Payload) {
	data, _ := p["data"].(map[string]any)
	if id, ok := data["custom_id"].(string); ok {
		action, _, _ := strings.Cut(id, "|")
		exercised.Store("button:"+action, true)
	} else if name, ok := data["name"].(string); ok {
		exercised.Store(name, true)
	}
}

// TestMain fails a full run of the tests when an entry of the command
// table is exercised by no e2e test: a command added to the table needs
// one. A run narrowed by -run, -skip or -short checks nothing.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 && fullRun() {
		if missing := unexercised(); len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "--- FAIL: TestMain: no e2e test exercises %s (every entry of the command table in internal/discord needs one)\nFAIL\n",
				strings.Join(missing, ", "))
			code = 1
		}
	}
	os.Exit(code)
}

func unexercised() []string {
	var missing []string
	for _, name := range discord.CommandNames() {
		if _, ok := exercised.Load(name); !ok {
			missing = append(missing, name)
		}
	}
	return missing
}

func fullRun() bool {
	for _, name := range []string{"test.run", "test.skip"} {
		if f := flag.Lookup(name); f == nil || f.Value.String() != "" {
			return false
		}
	}
	return !testing.Short()
}
