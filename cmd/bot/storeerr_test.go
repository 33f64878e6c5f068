package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestStoreOpenErrorNamesPathAndCause: a BOT_DB that cannot be opened is
// named, with the likely cause, not just the driver's "unable to open
// database file (14)".
func TestStoreOpenErrorNamesPathAndCause(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	os.WriteFile(file, []byte("x"), 0o644)
	tests := []struct{ db, want string }{
		{filepath.Join(dir, "missing", "bot.db"), "its directory " + filepath.Join(dir, "missing") + " does not exist"},
		{filepath.Join(file, "bot.db"), file + " is not a directory"},
	}
	if os.Getuid() != 0 { // root may write anywhere
		ro := filepath.Join(dir, "read-only")
		os.Mkdir(ro, 0o555)
		tests = append(tests, struct{ db, want string }{filepath.Join(ro, "bot.db"), "no permission to write " + ro})
	}
	for _, tt := range tests {
		_, err := openFeedback(context.Background(), testEnv(t, map[string]string{"BOT_DB": tt.db}))
		if err == nil || !strings.Contains(err.Error(), "BOT_DB "+tt.db) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("openFeedback(BOT_DB=%s) = %v, want the path and %q", tt.db, err, tt.want)
		}
	}
}

// TestPermissionCause: a permission error names the uid and the Docker
// volume fix, the case issue 16 met.
func TestPermissionCause(t *testing.T) {
	got := permissionCause("/data", fmt.Errorf("open /data/x: %w", fs.ErrPermission))
	for _, want := range []string{"no permission to write /data", fmt.Sprintf("uid %d", os.Getuid()), "named volume on /data"} {
		if !strings.Contains(got, want) {
			t.Errorf("permissionCause = %q, want %q in it", got, want)
		}
	}
}

// TestDockerfileDataVolume: the image makes /data, owned by its non-root
// user, a volume, so a new named volume there is writable by the bot; and
// the recipe in its header uses it.
func TestDockerfileDataVolume(t *testing.T) {
	df := readFile(t, "../../Dockerfile")
	for _, re := range []string{
		`(?m)^RUN mkdir -p /out/data$`,
		`(?m)^COPY --from=build --chown=65532:65532 /out/data /data$`,
		`(?m)^VOLUME /data$`,
		`(?m)^USER nonroot:nonroot$`, // distroless's nonroot is 65532
		`-v newsbot-data:/data -e BOT_DB=/data/bot\.db`,
	} {
		if !regexp.MustCompile(re).MatchString(df) {
			t.Errorf("Dockerfile lacks %s", re)
		}
	}
	if i, j := strings.Index(df, "COPY --from=build --chown"), strings.Index(df, "\nVOLUME /data"); i < 0 || j < i {
		t.Error("Dockerfile declares VOLUME /data before filling it: later changes to a volume path are discarded")
	}
}
