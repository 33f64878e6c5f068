package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHelpIsNotAnError: `bot CMD --help` (and -h) prints the command's usage
// on stdout and succeeds, for every command.
func TestHelpIsNotAnError(t *testing.T) {
	for name := range commands {
		for _, flag := range []string{"--help", "-h"} {
			t.Run(name+" "+flag, func(t *testing.T) {
				out, errOut, err := runBot(t, nil, name, flag)
				if err != nil {
					t.Fatalf("bot %s %s = %v, want success", name, flag, err)
				}
				if !strings.Contains(out, "usage: bot "+name) {
					t.Errorf("bot %s %s printed %q on stdout, want its usage", name, flag, out)
				}
				if errOut != "" {
					t.Errorf("bot %s %s printed %q on stderr, want nothing", name, flag, errOut)
				}
			})
		}
	}
}

// TestBadFlagUsageOnStderr: a flag mistake is still a usage error, with the
// flags listed on stderr and nothing on stdout.
func TestBadFlagUsageOnStderr(t *testing.T) {
	out, errOut, err := runBot(t, nil, "ask", "--nope", "why?")
	var u usageError
	if !errors.As(err, &u) {
		t.Fatalf("bot ask --nope = %v, want a usage error", err)
	}
	if out != "" || !strings.Contains(errOut, "-json") {
		t.Errorf("bot ask --nope printed stdout %q, stderr %q; want the flags on stderr only", out, errOut)
	}
}

// TestMissingDataDirIsNamed: a --data directory that is not there is named
// in the error, for every command that reads articles.
func TestMissingDataDirIsNamed(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-articles")
	for _, args := range [][]string{
		{"ask", "--data", missing, "why?"},
		{"sources", "--data", missing},
		{"timeline", "--data", missing},
		{"index", "--out", filepath.Join(t.TempDir(), "x.idx"), "--data", missing},
	} {
		_, _, err := runBot(t, nil, args...)
		if err == nil || !strings.Contains(err.Error(), missing) || !strings.Contains(err.Error(), "no such directory") {
			t.Errorf("bot %s = %v, want an error naming %s as no such directory", strings.Join(args, " "), err, missing)
		}
	}
	file := filepath.Join(t.TempDir(), "article.txt")
	os.WriteFile(file, []byte("a file"), 0o644)
	if _, _, err := runBot(t, map[string]string{"BOT_DATA": file}, "sources"); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("BOT_DATA=%s bot sources = %v, want: not a directory", file, err)
	}
}

// TestSourcesJSONListsSkipped: sources --json carries the skipped files and
// their reasons, as the text mode does.
func TestSourcesJSONListsSkipped(t *testing.T) {
	dir := brokenDataDir(t)
	out, _, err := runBot(t, nil, "sources", "--json", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	var got sourcesJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("sources --json: %v\n%s", err, out)
	}
	if len(got.Articles) != 1 || len(got.Skipped) != 1 || got.Skipped[0].File != "broken.txt" || got.Skipped[0].Reason == "" {
		t.Errorf("sources --json = %s, want one article and broken.txt skipped with a reason", out)
	}
	out, _, err = runBot(t, nil, "sources", "--json")
	if err != nil || !strings.Contains(out, `"skipped": []`) {
		t.Errorf("sources --json with nothing skipped = %s, %v; want \"skipped\": []", out, err)
	}
}
