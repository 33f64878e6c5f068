package main

import (
	"bytes"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
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
	root := "../.."
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		dir := filepath.ToSlash(filepath.Dir(rel))
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			for _, o := range owners {
				if !strings.HasPrefix(p, o.module) {
					continue
				}
				seen[o.module] = true
				if dir != o.dir && !strings.HasPrefix(dir, o.dir+"/") {
					t.Errorf("%s imports %s: only %s may", filepath.ToSlash(rel), p, o.dir)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
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
	root := "../.."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if n := bytes.Count(b, []byte("\n")); n > maxLines {
			t.Errorf("%s has %d lines, over %d: split it by concern", path, n, maxLines)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
