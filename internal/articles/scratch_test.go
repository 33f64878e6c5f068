package articles

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestBuildBesideABareName: `bot index --out ./archive.idx` builds in the
// working directory, not in TMPDIR (a rename from a tmpfs TMPDIR fails
// with "invalid cross-device link"; here TMPDIR does not exist at all).
func TestBuildBesideABareName(t *testing.T) {
	work := t.TempDir()
	t.Chdir(work)
	t.Setenv("TMPDIR", filepath.Join(work, "no-such-tmp"))
	for _, out := range []string{"archive.idx", "./archive.idx"} {
		lib, err := Build(context.Background(), Options{Index: out})
		if err != nil {
			t.Fatalf("Build(--out %s): %v", out, err)
		}
		lib.Close()
		if _, err := os.Stat(filepath.Join(work, "archive.idx", manifestFile)); err != nil {
			t.Errorf("--out %s: no index in the working directory: %v", out, err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(work, "archive.idx.*")); len(left) > 0 {
		t.Errorf("scratch directories left beside the index: %v", left)
	}
}

// TestStaleBuildDirectoriesAreRemoved: what a killed build left beside
// the index goes at the next build or read-write open; a build still
// running, and directories this bot did not make, stay.
func TestStaleBuildDirectoriesAreRemoved(t *testing.T) {
	for _, how := range []string{"build", "open", "read-only open"} {
		t.Run(how, func(t *testing.T) {
			dir := buildIndex(t, "")
			dead := killedScratch(t, dir, ".building-")
			deadOld := killedScratch(t, dir, ".old-")
			live, marker, err := scratchDir(dir, ".building-")
			if err != nil {
				t.Fatal(err)
			}
			defer marker.Close()
			foreign := dir + ".building-not-ours"
			os.Mkdir(foreign, 0o755)
			write(t, filepath.Join(foreign, "keep.txt"), "someone else's")

			switch how {
			case "build":
				lib, err := Build(context.Background(), Options{Index: dir})
				if err != nil {
					t.Fatal(err)
				}
				lib.Close()
			case "open":
				openOK(t, Options{Index: dir}).Close()
			case "read-only open":
				openOK(t, Options{Index: dir, ReadOnly: true}).Close()
			}
			removed := how != "read-only open" // read-only writes nothing
			for _, d := range []string{dead, deadOld} {
				if _, err := os.Stat(d); removed != os.IsNotExist(err) {
					t.Errorf("after %s, %s: stat err %v (want removed: %v)", how, filepath.Base(d), err, removed)
				}
			}
			for _, d := range []string{live, foreign} {
				if _, err := os.Stat(d); err != nil {
					t.Errorf("after %s, %s was removed: %v", how, filepath.Base(d), err)
				}
			}
		})
	}
}

// killedScratch is a scratch directory whose process died (kill -9): it
// is marked, and the lock is gone with the process.
func killedScratch(t *testing.T, dir, kind string) string {
	t.Helper()
	tmp, marker, err := scratchDir(dir, kind)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(tmp, "half-written"), "x")
	marker.Close()
	return tmp
}
