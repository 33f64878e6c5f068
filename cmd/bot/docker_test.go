package main

import (
	"bufio"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDockerfileBuild runs the Dockerfile's build command as written, outside
// Docker (no engine runs here), and checks that it makes a static binary
// that answers from its embedded articles; so the Dockerfile cannot rot.
func TestDockerfileBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	raw, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	var goVersion, build, out string
	for sc := bufio.NewScanner(strings.NewReader(string(raw))); sc.Scan(); {
		line := strings.TrimSpace(sc.Text())
		if v, ok := strings.CutPrefix(line, "ARG GO_VERSION="); ok {
			goVersion = v
		}
		if cmd, ok := strings.CutPrefix(line, "RUN "); ok && strings.Contains(cmd, "go build") {
			build = cmd
		}
	}
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(mod); m == nil || string(m[1]) != goVersion {
		t.Errorf("Dockerfile builds with Go %q, go.mod says %q", goVersion, m)
	}
	if m := regexp.MustCompile(`-o (\S+)`).FindStringSubmatch(build); m != nil {
		out = m[1]
	}
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", "-s -w", "./cmd/bot"} {
		if !strings.Contains(build, want) {
			t.Errorf("Dockerfile build %q lacks %q", build, want)
		}
	}
	if out == "" {
		t.Fatalf("no go build -o line in the Dockerfile: %q", build)
	}
	bin := filepath.Join(t.TempDir(), "bot")
	cmd := exec.Command("sh", "-c", strings.Replace(build, out, bin, 1))
	cmd.Dir = "../.."
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", build, err, b)
	}

	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary names a dynamic loader: it is not static")
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("the binary links %v", libs)
	}
	if f.Section(".symtab") != nil {
		t.Error("the binary is not stripped")
	}

	ask := exec.Command(bin, "ask", "what did China say about proof?")
	ask.Dir = t.TempDir() // no data/ beside it: the articles must be embedded
	ask.Env = []string{"PATH=/usr/bin:/bin"}
	b, err := ask.CombinedOutput()
	if err != nil || !strings.Contains(string(b), "there was no proof yet") || !strings.Contains(string(b), "— Reuters, 2014-12-22") {
		t.Errorf("built binary answered %q, %v", b, err)
	}
}
