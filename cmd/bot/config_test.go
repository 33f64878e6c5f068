package main

import (
	"context"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// loadSettings configures every setting from vars, as a command that used
// them all would, and reports what done reports.
func loadSettings(vars map[string]string) (config, error) {
	cfg := defaultConfig()
	names := make([]string, len(settings))
	for i, s := range settings {
		names[i] = s.env
	}
	l, err := newLoader(&cfg, names, nil)
	if err != nil {
		return cfg, err
	}
	l.read(func(k string) string { return vars[k] }, nil, &secrets{})
	return cfg, l.done(flag.NewFlagSet("bot test", flag.ContinueOnError))
}

// documented is a variable's default as the docs give it; "" when it is
// unset by default.
type documented map[string]string

// readmeDefaults reads the README's configuration table: a row names one
// or more variables, and their defaults either as as many backticked
// values or, for a variable unset by default, a parenthesis that says
// what unset means.
func readmeDefaults(t *testing.T) documented {
	t.Helper()
	readme := readFile(t, "../../README.md")
	start := strings.Index(readme, "## Configuration\n")
	if start < 0 {
		t.Fatal("README has no ## Configuration section")
	}
	section := readme[start+len("## Configuration\n"):]
	section = section[:strings.Index(section, "\n## ")]
	ticked := regexp.MustCompile("`([^`]*)`")
	docs := documented{}
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(line, " | ")
		if !strings.HasPrefix(line, "| `") || len(cells) < 3 {
			continue
		}
		var names []string
		for _, m := range ticked.FindAllStringSubmatch(cells[0], -1) {
			names = append(names, m[1])
		}
		def := strings.TrimSpace(cells[1])
		var values []string
		if !strings.HasPrefix(def, "(") {
			for _, m := range ticked.FindAllStringSubmatch(def, -1) {
				values = append(values, m[1])
			}
			if len(values) != len(names) {
				t.Errorf("README row %v gives %d defaults (%q): want one per variable, or a (parenthesis) for unset", names, len(values), def)
				continue
			}
		}
		for i, n := range names {
			if _, dup := docs[n]; dup {
				t.Errorf("README's configuration table gives %s twice", n)
			}
			docs[n] = ""
			if values != nil {
				docs[n] = values[i]
			}
		}
	}
	return docs
}

// dotenvDefaults reads .env.example's NAME=VALUE lines.
func dotenvDefaults(t *testing.T) documented {
	t.Helper()
	docs := documented{}
	for _, line := range strings.Split(readFile(t, "../../.env.example"), "\n") {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Errorf(".env.example: %q is not NAME=VALUE", line)
			continue
		}
		if _, dup := docs[name]; dup {
			t.Errorf(".env.example gives %s twice", name)
		}
		docs[name] = v
	}
	return docs
}

// TestConfigDocs: the README's configuration table and .env.example name
// exactly the settings the bot reads, each with the default the code has,
// so neither can drift from the code. (.env.example writes the defaults
// out, so copying it as .env changes nothing.)
func TestConfigDocs(t *testing.T) {
	def := defaultConfig()
	for _, d := range []struct {
		file string
		docs documented
	}{{"README.md", readmeDefaults(t)}, {".env.example", dotenvDefaults(t)}} {
		for _, s := range settings {
			doc, ok := d.docs[s.env]
			if !ok {
				t.Errorf("%s does not document %s", d.file, s.env)
				continue
			}
			if got := s.value(&def).String(); got != doc {
				t.Errorf("%s gives %s a default of %q; the code's is %q", d.file, s.env, doc, got)
			}
		}
		for name := range d.docs {
			if _, ok := lookupSetting(name); !ok {
				t.Errorf("%s documents %s, which the bot does not read", d.file, name)
			}
		}
	}
	// The defaults are valid settings: read back, they change nothing.
	vars := map[string]string{}
	for _, s := range settings {
		vars[s.env] = s.value(&def).String()
	}
	if got, err := loadSettings(vars); err != nil || describe(got) != describe(def) {
		t.Errorf("the defaults, set explicitly: %v\ngot  %s\nwant %s", err, describe(got), describe(def))
	}
}

// describe is every setting of c, as NAME=VALUE lines.
func describe(c config) string {
	var b strings.Builder
	for _, s := range settings {
		b.WriteString(s.env + "=" + s.value(&c).String() + "\n")
	}
	return b.String()
}

// TestNumericSettings: each number is checked for what parses but makes
// no sense (0, negative, past what the code can hold) as well as for
// garbage, and the error names the variable and the value.
func TestNumericSettings(t *testing.T) {
	bad := []string{"-1", "abc", "1.5", "1e3", "10x", "99999999999999999999"}
	tests := []struct {
		name string
		ok   []string // accepted
		bad  []string // refused, besides the common ones
	}{
		{"SHARD_ID", []string{"0"}, nil}, // and below SHARD_COUNT, checked below
		{"SHARD_COUNT", []string{"1", "2"}, []string{"0"}},
		{"RATE_LIMIT_PER_MINUTE", []string{"1", "100000"}, []string{"0"}},
		{"BOT_RETENTION_DAYS", []string{"1", "36500", "106751"}, []string{"0", "106752"}},
		{"BOT_DB_MAX_CONNS", []string{"1", "500"}, []string{"0"}},
		{"HTTP_MAX_CONNS", []string{"1", "65536"}, []string{"0"}},
		{"BOT_LIBRARY_MAX_ARTICLES", []string{"1", "200"}, []string{"0"}},
		{"BOT_LIBRARY_MAX_KIB", []string{"1", "1024"}, []string{"0", "1025"}},
		{"BOT_LIBRARY_ADDS_PER_HOUR", []string{"1", "20"}, []string{"0"}},
		{"BOT_LIBRARY_OPEN", []string{"1", "32"}, []string{"0"}},
	}
	for _, tt := range tests {
		checkSetting(t, tt.name, tt.ok, append(bad, tt.bad...))
	}
	// Together, too: a shard must be below the count.
	if _, err := loadSettings(map[string]string{"SHARD_ID": "2", "SHARD_COUNT": "2"}); err == nil || !strings.Contains(err.Error(), "SHARD_ID 2 must be below SHARD_COUNT 2") {
		t.Errorf("SHARD_ID=2 SHARD_COUNT=2: %v", err)
	}
	// The one number among the flags: gaps --days.
	for _, v := range []string{"0", "-1", "106752", "x"} {
		if _, _, err := runBot(t, nil, "gaps", "--days", v); err == nil || !strings.Contains(err.Error(), "invalid value") {
			t.Errorf("gaps --days %s: %v, want it refused", v, err)
		}
	}
}

// TestOtherSettingsValidated: ids, addresses, URLs, keys, levels and
// booleans are checked as strictly; a secret's error never shows it.
func TestOtherSettingsValidated(t *testing.T) {
	for _, tt := range []struct{ name, v, want string }{
		{"DISCORD_GUILD_ID", "my-server", `DISCORD_GUILD_ID: "my-server" is not one Discord id`},
		{"DISCORD_APP_ID", "12 34", `is not one Discord id`},
		{"MOD_ROLE_ID", "1500000000000000001,1500000000000000002", `MOD_ROLE_ID: "1500000000000000001,1500000000000000002" is not one Discord id`},
		{"ASK_CHANNEL_IDS", "1300000000000000001, general", `ASK_CHANNEL_IDS: "general" is not a Discord id`},
		{"BOT_OWNER_IDS", "alice", `BOT_OWNER_IDS: "alice" is not a Discord id`},
		{"DISCORD_API_BASE", "discord.com/api", `DISCORD_API_BASE: "discord.com/api" is not an http(s) URL`},
		{"HTTP_ADDR", "8080", `HTTP_ADDR: "8080": want HOST:PORT`},
		{"HTTP_ADDR", ":99999", `HTTP_ADDR: ":99999": want HOST:PORT`},
		{"LOG_LEVEL", "loud", `LOG_LEVEL: "loud": want debug, info, warn or error`},
		{"BOT_INDEX_READ_ONLY", "maybe", `BOT_INDEX_READ_ONLY: "maybe": want true or false`},
		{"BOT_DATA", "/no/such/dir", "articles directory /no/such/dir (--data or BOT_DATA): no such directory"},
		{"DISCORD_PUBLIC_KEY", "abcdef0123", "DISCORD_PUBLIC_KEY: not a 32-byte hex key"},
	} {
		_, err := loadSettings(map[string]string{tt.name: tt.v})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s=%s: %v, want %q", tt.name, tt.v, err, tt.want)
		}
		if tt.name == "DISCORD_PUBLIC_KEY" && err != nil && strings.Contains(err.Error(), tt.v) {
			t.Errorf("the error shows the key: %v", err)
		}
	}
	for name, v := range map[string]string{"HTTP_ADDR": "127.0.0.1:0", "LOG_LEVEL": "DEBUG", "BOT_INDEX_READ_ONLY": "1", "ASK_CHANNEL_IDS": " 1300000000000000001 , 1300000000000000002 "} {
		if _, err := loadSettings(map[string]string{name: v, "BOT_INDEX": "x"}); err != nil {
			t.Errorf("%s=%q: %v, want it accepted", name, v, err)
		}
	}
}

// TestAllConfigErrorsAtOnce: every mistake is reported in one go, and a
// flag given on the command line overrides its variable's mistake.
func TestAllConfigErrorsAtOnce(t *testing.T) {
	env := map[string]string{"DISCORD_TOKEN": "x", "SHARD_COUNT": "none", "RATE_LIMIT_PER_MINUTE": "0", "BOT_DB_MAX_CONNS": "-2", "BOT_INDEX_READ_ONLY": "maybe"}
	_, _, err := runBot(t, env, "serve")
	var u usageError
	if !errors.As(err, &u) {
		t.Fatalf("serve = %v, want a usage error", err)
	}
	for _, want := range []string{"SHARD_COUNT", "RATE_LIMIT_PER_MINUTE", "BOT_DB_MAX_CONNS", "BOT_INDEX_READ_ONLY"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("serve's error does not name %s:\n%v", want, err)
		}
	}
	if _, _, err := runBot(t, map[string]string{"BOT_INDEX_READ_ONLY": "maybe"}, "sources", "--read-only=false"); err != nil {
		t.Errorf("--read-only=false over BOT_INDEX_READ_ONLY=maybe: %v", err)
	}
	// A command is checked only on what it reads: ask reads no Discord setting.
	if _, _, err := runBot(t, map[string]string{"SHARD_ID": "x"}, "sources"); err != nil {
		t.Errorf("sources with a bad SHARD_ID: %v, want it ignored", err)
	}
}

// TestE2EConfigBeforeIndex: a setting that cannot work fails the command
// before the articles are indexed, naming the setting, and nothing is
// written: a bad value (a usage error, status 2) or a store that cannot
// be opened (status 1).
func TestE2EConfigBeforeIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "bot")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, tc := range []struct {
		name string
		env  []string
		code int
		want string
	}{
		{"bad channel id", []string{"ASK_CHANNEL_IDS=abc", "BOT_DB=off"}, 2, `bot: ASK_CHANNEL_IDS: "abc" is not a Discord id (a number)`},
		{"store directory missing", []string{"BOT_DB=/nonexistent/dir/bot.db"}, 1, "/nonexistent/dir does not exist"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			cmd := exec.Command(bin, "serve", "--index", filepath.Join(dir, "p.idx"))
			cmd.Dir = dir
			cmd.Env = append([]string{"DISCORD_TOKEN=x"}, tc.env...)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != tc.code {
				t.Errorf("bot serve = %v, want exit status %d", err, tc.code)
			}
			if !strings.Contains(string(out), tc.want) || strings.Contains(string(out), "index") {
				t.Errorf("bot serve printed %q, want %q and no word of an index", out, tc.want)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, en := range entries {
				t.Errorf("bot serve wrote %s", en.Name())
			}
		})
	}
}

// TestTwoWordCommands: a command named by two words runs before a
// one-word command of its first word.
func TestTwoWordCommands(t *testing.T) {
	ran := ""
	commands["sources demo"] = command{summary: "test", setup: func(*flag.FlagSet) runner {
		return func(_ context.Context, e *env, args []string) error { ran = strings.Join(args, " "); return nil }
	}}
	t.Cleanup(func() { delete(commands, "sources demo") })
	if _, _, err := runBot(t, nil, "sources", "demo", "a", "b"); err != nil || ran != "a b" {
		t.Errorf("bot sources demo a b: ran with %q, %v", ran, err)
	}
}

// checkSetting: each of ok is accepted and reads back as written; each of
// bad is a usage error naming the variable and the value.
func checkSetting(t *testing.T, name string, ok, bad []string) {
	t.Helper()
	s, _ := lookupSetting(name)
	for _, v := range ok {
		cfg, err := loadSettings(map[string]string{name: v})
		if err != nil {
			t.Errorf("%s=%s: %v, want it accepted", name, v, err)
			continue
		}
		if got := s.value(&cfg).String(); got != v {
			t.Errorf("%s=%s reads back as %s", name, v, got)
		}
	}
	for _, v := range bad {
		_, err := loadSettings(map[string]string{name: v})
		var u usageError
		if !errors.As(err, &u) || !strings.Contains(err.Error(), name+`: "`+v+`"`) {
			t.Errorf("%s=%s: %v, want a usage error naming it and the value", name, v, err)
		}
	}
}
