package main

import (
	"bytes"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOnlyWrappersImportTheirLibraries holds the README's layout promise:
// only internal/index imports bleve and only internal/discord (and the
// fake Discord under it) imports discordgo, tests aside.
func TestOnlyWrappersImportTheirLibraries(t *testing.T) {
	owners := []struct{ module, dir string }{
		{"github.com/blevesearch/", "internal/index"},
		{"github.com/bwmarrin/discordgo", "internal/discord"},
	}
	seen := map[string]bool{}
	eachSourceFile(t, func(rel string, src []byte) error {
		f, err := parser.ParseFile(token.NewFileSet(), rel, src, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := path.Dir(rel)
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			for _, o := range owners {
				if !strings.HasPrefix(p, o.module) {
					continue
				}
				seen[o.module] = true
				if dir != o.dir && !strings.HasPrefix(dir, o.dir+"/") {
					t.Errorf("%s imports %s: only %s may", rel, p, o.dir)
				}
			}
		}
		return nil
	})
	for _, o := range owners {
		if !seen[o.module] {
			t.Errorf("no file imports %s: the walk missed %s", o.module, o.dir)
		}
	}
}

// TestFilesFitInAReading holds the layout's size rule: no non-test Go
// file is over 600 lines, so that a file is one concern a reader can
// take in (split one by concern when it grows past that).
func TestFilesFitInAReading(t *testing.T) {
	const maxLines = 600
	eachSourceFile(t, func(rel string, src []byte) error {
		if n := bytes.Count(src, []byte("\n")); n > maxLines {
			t.Errorf("%s has %d lines, over %d: split it by concern", rel, n, maxLines)
		}
		return nil
	})
}

// eachSourceFile calls fn with each non-test Go file of the module (its
// path from the module's root, slash-separated, and its contents),
// testdata and hidden directories aside.
func eachSourceFile(t *testing.T, fn func(rel string, src []byte) error) {
	t.Helper()
	root := "../.."
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		return fn(filepath.ToSlash(rel), src)
	})
	if err != nil {
		t.Fatal(err)
	}
}
