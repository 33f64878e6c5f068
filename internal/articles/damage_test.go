package articles

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// buildIndex builds an on-disk index of dataDir ("" for the embedded
// articles) and closes it.
func buildIndex(t *testing.T, dataDir string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "idx")
	lib, err := Build(context.Background(), Options{Data: dataDir, Index: dir})
	if err != nil {
		t.Fatal(err)
	}
	lib.Close()
	return dir
}

// flipByte XORs one byte of a file, as a bad disk or a careless copy does.
func flipByte(t *testing.T, name string, off int64) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	b[off] ^= 0x5a
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}

// TestAFlippedSegmentByteIsNeverServed is the reproducer of issue 14: one
// byte of a segment XORed, at offsets where bleve panicked, failed or gave
// wrong answers. Read-write, the index is rebuilt; read-only, it is left
// alone and the articles are indexed in memory. Either way every answer
// comes from sound data.
func TestAFlippedSegmentByteIsNeverServed(t *testing.T) {
	good := buildIndex(t, "")
	zaps, _ := filepath.Glob(filepath.Join(good, bleveDir, "store", "*.zap"))
	if len(zaps) == 0 {
		t.Fatal("no segment files")
	}
	info, err := os.Stat(zaps[0])
	if err != nil {
		t.Fatal(err)
	}
	size := info.Size()
	rel, _ := filepath.Rel(good, zaps[0])
	for _, off := range []int64{0, 17, size / 5, size / 3, size / 2, 2 * size / 3, size - 40, size - 1} {
		for _, readOnly := range []bool{false, true} {
			t.Run(fmt.Sprintf("offset=%d/read-only=%v", off, readOnly), func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), "c.idx")
				copyDir(t, good, dir)
				flipByte(t, filepath.Join(dir, rel), off)
				lib := openOK(t, Options{Index: dir, ReadOnly: readOnly})
				if !strings.Contains(lib.Rebuilt, "damaged") || !strings.Contains(lib.Rebuilt, filepath.ToSlash(rel)) {
					t.Errorf("Rebuilt = %q, want it to name the damaged %s", lib.Rebuilt, rel)
				}
				if readOnly && !strings.Contains(lib.Rebuilt, "in memory") {
					t.Errorf("read-only: Rebuilt = %q, want it indexed in memory", lib.Rebuilt)
				}
				lib.Close()
				again := openOK(t, Options{Index: dir, ReadOnly: readOnly})
				if readOnly == (again.Rebuilt == "") {
					t.Errorf("next open: Rebuilt = %q (read-only %v: the damage should stay refused, a rebuild should hold)", again.Rebuilt, readOnly)
				}
			})
		}
	}
}

// TestAnotherIndexsArticlesAreNeverServed: articles.gob copied from an
// index with as many passages, but other ones, alone and with the
// manifest's record of it patched to match.
func TestAnotherIndexsArticlesAreNeverServed(t *testing.T) {
	good := buildIndex(t, "")
	renamed := copyData(t)
	entries, _ := os.ReadDir(renamed)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".txt") {
			os.Rename(filepath.Join(renamed, e.Name()), filepath.Join(renamed, "x"+e.Name()))
		}
	}
	other := buildIndex(t, renamed)
	mg, _ := readManifest(good)
	mo, _ := readManifest(other)
	if mg.Passages != mo.Passages {
		t.Fatalf("the other index has %d passages, want %d", mo.Passages, mg.Passages)
	}
	for _, patchManifest := range []bool{false, true} {
		t.Run(fmt.Sprintf("manifest patched=%v", patchManifest), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "c.idx")
			copyDir(t, good, dir)
			b, err := os.ReadFile(filepath.Join(other, articlesFile))
			if err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(dir, articlesFile), string(b))
			if patchManifest {
				m, _ := readManifest(dir)
				for i, f := range m.Files {
					if f.Path == articlesFile {
						m.Files[i].Size, m.Files[i].SHA256 = int64(len(b)), mustSum(t, filepath.Join(dir, articlesFile))
					}
				}
				writeManifest(dir, m)
			}
			lib := openOK(t, Options{Index: dir})
			if !strings.Contains(lib.Rebuilt, "damaged") {
				t.Errorf("Rebuilt = %q, want the index found damaged", lib.Rebuilt)
			}
		})
	}
}

func mustSum(t *testing.T, name string) string {
	t.Helper()
	s, err := sha256File(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
