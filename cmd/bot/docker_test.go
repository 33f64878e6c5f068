package main

import (
	"bufio"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestDockerfileGoVersion: the image builds with a Go release that go.mod
// accepts, of the series the README names, and go.mod names no toolchain (an
// older 1.26.x would then try to download it, and fail offline).
func TestDockerfileGoVersion(t *testing.T) {
	docker := dockerGoVersion(t, readFile(t, "../../Dockerfile"))
	mod := readFile(t, "../../go.mod")
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindStringSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod has no go line")
	}
	if regexp.MustCompile(`(?m)^toolchain `).MatchString(mod) {
		t.Error("go.mod has a toolchain line: an older Go would try to download it")
	}
	if compareVersions(docker, m[1]) < 0 {
		t.Errorf("Dockerfile builds with Go %s, below go.mod's go %s", docker, m[1])
	}
	readme := regexp.MustCompile(`With Go (\d+\.\d+) installed`).FindStringSubmatch(readFile(t, "../../README.md"))
	if readme == nil {
		t.Fatal(`README does not say "With Go X.Y installed"`)
	}
	for _, v := range []string{m[1], docker} {
		if v != readme[1] && !strings.HasPrefix(v, readme[1]+".") {
			t.Errorf("README says Go %s, but %s is not of that series (go.mod %s, Dockerfile %s)", readme[1], v, m[1], docker)
		}
	}
}

// compareVersions compares dotted Go versions such as 1.26 and 1.26.8.
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < max(len(as), len(bs)); i++ {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if x != y {
			return x - y
		}
	}
	return 0
}

func dockerGoVersion(t *testing.T, dockerfile string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^ARG GO_VERSION=(\S+)$`).FindStringSubmatch(dockerfile)
	if m == nil {
		t.Fatal("Dockerfile has no ARG GO_VERSION line")
	}
	return m[1]
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestDockerfileBuild runs the Dockerfile's build command as written, outside
// Docker (no engine runs here), and checks that it makes a static binary
// that answers from its embedded articles; so the Dockerfile cannot rot.
// A clean static build takes minutes, so it runs with BOT_SLOW_TESTS=1 (CI).
func TestDockerfileBuild(t *testing.T) {
	slowTest(t)
	var build, out string
	for sc := bufio.NewScanner(strings.NewReader(readFile(t, "../../Dockerfile"))); sc.Scan(); {
		line := strings.TrimSpace(sc.Text())
		if cmd, ok := strings.CutPrefix(line, "RUN "); ok && strings.Contains(cmd, "go build") {
			build = cmd
		}
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
