package articles

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sourcebot/newsbot/data"
	"github.com/sourcebot/newsbot/internal/index"
)

const (
	proofQuestion = "what did China say about proof?"
	proofStart    = "China said on Monday (December 22) that it opposed all forms of cyber attacks"
)

// copyData writes the embedded articles to a directory the test can change.
func copyData(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(data.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(data.FS, name)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// openOK opens the library and checks that it answers the proof question.
func openOK(t *testing.T, opt Options) *Set {
	t.Helper()
	lib, err := Open(context.Background(), opt)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { lib.Close() })
	ans, err := lib.Engine.Ask(context.Background(), proofQuestion)
	if err != nil || !strings.HasPrefix(ans.Best.Passage.Text, proofStart) {
		t.Fatalf("answer = %q, %v", ans.Best.Passage.Text, err)
	}
	return lib
}

func TestDiskIndexIsReusedWhileTheArticlesMatch(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	first := openOK(t, Options{Index: dir})
	if !strings.Contains(first.Rebuilt, "no index yet") {
		t.Errorf("first open: Rebuilt = %q, want it built", first.Rebuilt)
	}
	first.Close()
	built, err := os.Stat(filepath.Join(dir, manifestFile))
	if err != nil {
		t.Fatal(err)
	}

	again := openOK(t, Options{Index: dir})
	if again.Rebuilt != "" {
		t.Errorf("second open rebuilt it: %q", again.Rebuilt)
	}
	if now, _ := os.Stat(filepath.Join(dir, manifestFile)); !now.ModTime().Equal(built.ModTime()) {
		t.Error("the manifest was rewritten on a matching open")
	}
	if len(again.Engine.Articles()) != 2 || again.Index.Len() != first.Index.Len() {
		t.Errorf("reopened: %d articles, %d passages; built with %d", len(again.Engine.Articles()), again.Index.Len(), first.Index.Len())
	}
	if len(again.Examples) == 0 {
		t.Error("example questions were lost on reopening")
	}
}

func TestDiskIndexIsRebuiltWhenStaleOrDamaged(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(t *testing.T, dataDir, indexDir string)
		why   string
	}{
		{"article changed", func(t *testing.T, dataDir, _ string) {
			appendTo(t, filepath.Join(dataDir, "000_e50f249042850110.txt"), "\n\nOne more paragraph about the hack and who was behind it.\n")
		}, "articles or synonym list changed"},
		{"article added", func(t *testing.T, dataDir, _ string) {
			write(t, filepath.Join(dataDir, "009_new.txt"), "A new headline\n\nA body paragraph that is long enough to count as one, about something else.\n")
		}, "articles or synonym list changed"},
		{"synonyms changed", func(t *testing.T, dataDir, _ string) {
			appendTo(t, filepath.Join(dataDir, data.SynonymsFile), "\nhack, breach\n")
		}, "articles or synonym list changed"},
		{"no manifest (half-written)", func(t *testing.T, _, indexDir string) {
			os.Remove(filepath.Join(indexDir, manifestFile))
		}, "incomplete"},
		{"manifest garbage", func(t *testing.T, _, indexDir string) {
			write(t, filepath.Join(indexDir, manifestFile), "{not json")
		}, "damaged"},
		{"older format", func(t *testing.T, _, indexDir string) {
			m, _ := readManifest(indexDir)
			m.Format = 0
			writeManifest(indexDir, m)
		}, "another version"},
		{"articles truncated", func(t *testing.T, _, indexDir string) {
			os.Truncate(filepath.Join(indexDir, articlesFile), 100)
		}, "damaged"},
		{"bolt file garbage", func(t *testing.T, _, indexDir string) {
			write(t, filepath.Join(indexDir, bleveDir, "store", "root.bolt"), strings.Repeat("garbage!", 4096))
		}, "damaged"},
		{"segments deleted", func(t *testing.T, _, indexDir string) {
			zaps, _ := filepath.Glob(filepath.Join(indexDir, bleveDir, "store", "*.zap"))
			if len(zaps) == 0 {
				t.Fatal("no segment files to delete")
			}
			for _, z := range zaps {
				os.Remove(z)
			}
		}, "damaged"},
		{"segments garbage", func(t *testing.T, _, indexDir string) {
			zaps, _ := filepath.Glob(filepath.Join(indexDir, bleveDir, "store", "*.zap"))
			for _, z := range zaps {
				write(t, z, strings.Repeat("\x00\x01garbage", 512))
			}
		}, "damaged"},
		{"bleve directory gone", func(t *testing.T, _, indexDir string) {
			os.RemoveAll(filepath.Join(indexDir, bleveDir))
		}, "damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dataDir := copyData(t)
			indexDir := filepath.Join(t.TempDir(), "idx")
			lib, err := Build(context.Background(), Options{Data: dataDir, Index: indexDir})
			if err != nil {
				t.Fatal(err)
			}
			lib.Close()
			tt.spoil(t, dataDir, indexDir)

			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, nil))
			got := openOK(t, Options{Data: dataDir, Index: indexDir, Log: log})
			if !strings.Contains(got.Rebuilt, tt.why) {
				t.Errorf("Rebuilt = %q, want it to say %q", got.Rebuilt, tt.why)
			}
			if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "rebuilding the index") {
				t.Errorf("the rebuild was not announced:\n%s", logs.String())
			}
			got.Close()
			if again := openOK(t, Options{Data: dataDir, Index: indexDir}); again.Rebuilt != "" {
				t.Errorf("after the rebuild, the next open rebuilt again: %q", again.Rebuilt)
			}
		})
	}
}

func TestDiskIndexHeldByAnotherProcess(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	openOK(t, Options{Index: dir}) // holds it read-write until the test ends

	start := time.Now()
	_, err := Open(context.Background(), Options{Index: dir})
	if !errors.Is(err, index.ErrLocked) {
		t.Fatalf("second read-write open: err = %v, want ErrLocked", err)
	}
	if d := time.Since(start); d > 4*index.LockTimeout {
		t.Errorf("gave up after %v", d)
	}
	if !strings.Contains(err.Error(), "read-only") {
		t.Errorf("the error does not say what to do: %v", err)
	}
	// Building over it must not pull it from under the holder either.
	if _, err := Build(context.Background(), Options{Index: dir}); !errors.Is(err, index.ErrLocked) {
		t.Errorf("build over a held index: err = %v, want ErrLocked", err)
	}
}

func TestDiskIndexReadOnly(t *testing.T) {
	dataDir := copyData(t)
	dir := filepath.Join(t.TempDir(), "idx")
	lib, err := Build(context.Background(), Options{Data: dataDir, Index: dir})
	if err != nil {
		t.Fatal(err)
	}
	lib.Close()

	// Replicas: any number of read-only opens at once.
	for i := 0; i < 3; i++ {
		if got := openOK(t, Options{Data: dataDir, Index: dir, ReadOnly: true}); got.Rebuilt != "" {
			t.Errorf("read-only open %d rebuilt: %q", i, got.Rebuilt)
		}
	}

	// A stale read-only index is not served and not touched.
	appendTo(t, filepath.Join(dataDir, "003_015fcc609321ff52.txt"), "\n\nA late paragraph added to the article after indexing it.\n")
	before, _ := os.ReadFile(filepath.Join(dir, manifestFile))
	got := openOK(t, Options{Data: dataDir, Index: dir, ReadOnly: true})
	if !strings.Contains(got.Rebuilt, "in memory") {
		t.Errorf("Rebuilt = %q, want it indexed in memory", got.Rebuilt)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, manifestFile)); !bytes.Equal(before, after) {
		t.Error("a read-only open rewrote the index")
	}
}

func TestBuildRefusesADirectoryItDidNotWrite(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "thesis.md"), "months of work")
	_, err := Build(context.Background(), Options{Index: dir})
	if err == nil || !strings.Contains(err.Error(), "not a bot index") {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "thesis.md")); string(b) != "months of work" {
		t.Error("the directory's files were touched")
	}
}

func TestBuildReportsProgressAndSkippedFiles(t *testing.T) {
	dataDir := copyData(t)
	write(t, filepath.Join(dataDir, "bad.txt"), "")
	var stages []string
	indexDir := filepath.Join(t.TempDir(), "idx")
	lib, err := Build(context.Background(), Options{Data: dataDir, Index: indexDir,
		Progress: func(stage string, done, total int) {
			if done == total {
				stages = append(stages, stage)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	if strings.Join(stages, ",") != "reading,indexing" {
		t.Errorf("progress finished stages %v, want reading then indexing", stages)
	}
	if len(lib.Skipped) != 1 || lib.Skipped[0].File != "bad.txt" {
		t.Errorf("skipped = %v", lib.Skipped)
	}
	lib.Close()
	again := openOK(t, Options{Data: dataDir, Index: indexDir})
	if len(again.Skipped) != 1 || !strings.Contains(again.Skipped[0].Err.Error(), "empty") {
		t.Errorf("reopened, skipped = %v", again.Skipped)
	}
}

func write(t *testing.T, name, s string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func appendTo(t *testing.T, name, s string) {
	t.Helper()
	f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
}
