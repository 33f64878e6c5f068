package main

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestREADMETestCommand: the README's test command needs only Go (no -race,
// which needs cgo), and CI runs it as written and under the race detector.
func TestREADMETestCommand(t *testing.T) {
	readme := readFile(t, "../../README.md")
	m := regexp.MustCompile("(?m)^(go test[^#\n]*?)\\s+# run the tests").FindStringSubmatch(readme)
	if m == nil {
		t.Fatal("README has no `go test … # run the tests` line")
	}
	if m[1] != "go test ./..." {
		t.Errorf("README's test command is %q, want %q (only Go needed)", m[1], "go test ./...")
	}
	ci := strings.Split(readFile(t, "../../.ci/run"), "\n")
	for _, want := range []string{"go test ./...", "go test -race ./..."} {
		if !hasCommand(ci, want) {
			t.Errorf(".ci/run never runs %q", want)
		}
	}
}

// hasCommand says whether a line runs cmd, perhaps after VAR=value settings.
func hasCommand(lines []string, cmd string) bool {
	env := regexp.MustCompile(`^(\w+=\S*\s+)*`)
	for _, l := range lines {
		if env.ReplaceAllString(strings.TrimSpace(l), "") == cmd {
			return true
		}
	}
	return false
}

// TestREADMECommandList: the README's command list names every command with
// exactly the flags it takes (--read-only goes with --index, said once).
func TestREADMECommandList(t *testing.T) {
	readme := readFile(t, "../../README.md")
	start := strings.Index(readme, "## Commands\n\n```\n")
	if start < 0 {
		t.Fatal("README has no ## Commands block")
	}
	block := readme[start+len("## Commands\n\n```\n"):]
	block = block[:strings.Index(block, "```")]
	listed := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(block), "\n") {
		synopsis, _, _ := strings.Cut(line, "  ")
		fields := strings.Fields(synopsis)
		if len(fields) < 2 || fields[0] != "bot" {
			t.Errorf("README command line %q does not start with bot NAME", line)
			continue
		}
		name := fields[1]
		if len(fields) > 2 {
			if _, ok := commands[name+" "+fields[2]]; ok {
				name += " " + fields[2] // a subcommand: "library add"
			}
		}
		listed[name] = true
		if _, ok := commands[name]; !ok {
			t.Errorf("README lists %q, which is no command", name)
			continue
		}
		want := commandFlags(t, name)
		got := flagNames(regexp.MustCompile(`--([a-z-]+)`), synopsis)
		if got["index"] {
			got["read-only"] = true
		}
		for f := range want {
			if !got[f] {
				t.Errorf("README's `bot %s` omits --%s", name, f)
			}
		}
		for f := range got {
			if !want[f] {
				t.Errorf("README's `bot %s` shows --%s, which it does not take", name, f)
			}
		}
	}
	for name := range commands {
		if !listed[name] {
			t.Errorf("README's command list omits %q", name)
		}
	}
}

// commandFlags reads a command's flags from its --help.
func commandFlags(t *testing.T, name string) map[string]bool {
	t.Helper()
	out, _, err := runBot(t, nil, name, "--help")
	if err != nil {
		t.Fatalf("bot %s --help: %v", name, err)
	}
	return flagNames(regexp.MustCompile(`(?m)^  -([a-z-]+)`), out)
}

func flagNames(re *regexp.Regexp, s string) map[string]bool {
	names := map[string]bool{}
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		names[m[1]] = true
	}
	return names
}

// TestREADMEAskJSONExample: the README's `ask --json` example carries the
// score, confidence and passage the bot really gives for its question.
func TestREADMEAskJSONExample(t *testing.T) {
	readme := readFile(t, "../../README.md")
	m := regexp.MustCompile(`(?s)"question": "([^"]+)".*?"score": ([0-9.]+),\s*"confidence": ([0-9.]+),\s*"passage_id": "([^"]+)"`).FindStringSubmatch(readme)
	if m == nil {
		t.Fatal("README has no ask --json example with a score, confidence and passage_id")
	}
	out, _, err := runBot(t, nil, "ask", "--json", m[1])
	if err != nil {
		t.Fatal(err)
	}
	var got answerJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Answer == nil {
		t.Fatalf("ask --json %q has no answer", m[1])
	}
	score := strconv.FormatFloat(got.Answer.Score, 'f', -1, 64)
	conf := strconv.FormatFloat(got.Answer.Confidence, 'f', -1, 64)
	if score != m[2] || conf != m[3] || got.Answer.PassageID != m[4] {
		t.Errorf("README shows score %s, confidence %s, passage %s; ask --json %q gives %s, %s, %s",
			m[2], m[3], m[4], m[1], score, conf, got.Answer.PassageID)
	}
}
