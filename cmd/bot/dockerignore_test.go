package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// TestDockerignore reads .dockerignore as Docker does and checks it over a
// tree that holds each kind of file that must stay out of the build context
// (at the top and deeper down) beside the files the build needs.
func TestDockerignore(t *testing.T) {
	pm := dockerignore(t)
	tree := t.TempDir()
	out := []string{
		".env", ".env.local", ".env.production", "cmd/bot/.env", "cmd/bot/.env.local",
		".git/HEAD", "bot.db", "bot.db-wal", "cmd/bot/bot.db", "cmd/bot/bot.db-shm", "data/feedback.db",
		"bot", "bot.test", "cmd/bot/bot.test", "internal/answer/answer.test", "cpu.prof", "cmd/bot/mem.prof",
		"archive.idx/manifest.json", "data/archive.idx/store/root.bolt",
		".vscode/settings.json", "cmd/bot/.vscode/launch.json", ".idea/workspace.xml", "cmd/bot/.main.go.swp",
		"testdata/dev.tsv", "internal/quote/testdata/golden.txt", "bench/x", "tmp/x",
	}
	in := []string{
		"go.mod", "go.sum", "Dockerfile", "cmd/bot/main.go", "cmd/loadgen/main.go", "internal/store/store.go",
		"data/data.go", "data/000_e50f249042850110.txt", "data/synonyms.conf", "data/examples.conf", "README.md",
	}
	for _, f := range append(slices.Clone(out), in...) {
		p := filepath.Join(tree, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string]bool{} // path -> in the context
	err := filepath.WalkDir(tree, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(tree, p)
		excluded, err := pm.MatchesOrParentMatches(filepath.ToSlash(rel))
		got[filepath.ToSlash(rel)] = !excluded
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range out {
		if got[f] {
			t.Errorf(".dockerignore lets %s into the build context", f)
		}
	}
	for _, f := range in {
		if !got[f] {
			t.Errorf(".dockerignore keeps %s, which the build needs, out of the context", f)
		}
	}
}

// TestDockerignoreKeepsTheBuild: every file of the repository that the
// image's build reads (the module files, non-test Go sources, data/) is in
// the context.
func TestDockerignoreKeepsTheBuild(t *testing.T) {
	pm := dockerignore(t)
	root := "../.."
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		needed := rel == "go.mod" || rel == "go.sum" || filepath.Dir(rel) == "data" ||
			(strings.HasSuffix(rel, ".go") && !strings.HasSuffix(rel, "_test.go") && !isUnder(rel, "testdata"))
		if !needed {
			return nil
		}
		if excluded, err := pm.MatchesOrParentMatches(rel); err != nil || excluded {
			t.Errorf(".dockerignore excludes %s, which the build needs (%v)", rel, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func dockerignore(t *testing.T) *patternmatcher.PatternMatcher {
	t.Helper()
	f, err := os.Open("../../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	patterns, err := ignorefile.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		t.Fatalf(".dockerignore: %v", err)
	}
	return pm
}

func isUnder(p, dir string) bool {
	for d := filepath.Dir(p); d != "." && d != "/"; d = filepath.Dir(d) {
		if filepath.Base(d) == dir {
			return true
		}
	}
	return false
}
