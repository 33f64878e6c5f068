package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sourcebot/newsbot/internal/articles"
	"github.com/sourcebot/newsbot/internal/scaletest"
)

// BenchmarkServeRSS runs the real binary as `bot http` over an on-disk
// index, asks it questions through signed requests, and reports its
// resident memory while serving (Linux /proc), at each of
// scaletest.Sizes.
func BenchmarkServeRSS(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "bot")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	for _, n := range scaletest.Sizes {
		b.Run(fmt.Sprintf("passages=%d", n), func(b *testing.B) {
			dataDir, qs, err := scaletest.Corpus(n)
			if err != nil {
				b.Fatal(err)
			}
			var questions []string
			for _, q := range qs {
				questions = append(questions, q.Text)
			}
			indexDir := scaletest.IndexDir(n)
			lib, err := articles.Open(context.Background(), articles.Options{Data: dataDir, Index: indexDir})
			if err != nil {
				b.Fatal(err)
			}
			lib.Close()

			var rss, hwm int64
			for b.Loop() {
				r, h := serveAndMeasure(b, bin, dataDir, indexDir, questions)
				rss, hwm = max(rss, r), max(hwm, h)
			}
			b.ReportMetric(float64(rss)/1024, "RSS-MB")
			b.ReportMetric(float64(hwm)/1024, "peak-RSS-MB")
		})
	}
}

// serveAndMeasure starts `bot http`, waits until it is ready, asks 200
// questions, and reads its resident memory (kB) now and at its peak.
func serveAndMeasure(b *testing.B, bin, dataDir, indexDir string, questions []string) (rss, hwm int64) {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		b.Fatal(err)
	}
	args := []string{"http", "--addr", "127.0.0.1:0", "--index", indexDir, "--read-only"}
	if dataDir != "" {
		args = append(args, "--data", dataDir)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = b.TempDir()
	cmd.Env = []string{"DISCORD_PUBLIC_KEY=" + hex.EncodeToString(pub), "RATE_LIMIT_PER_MINUTE=100000"}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatalf("bot http said nothing: %v", err)
	}
	base, ok := strings.CutPrefix(strings.Fields(line)[2], "http://")
	if !ok {
		b.Fatalf("cannot read the address from %q", line)
	}
	base = "http://" + base
	deadline := time.Now().Add(2 * time.Minute)
	for {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			b.Fatal("bot http never became ready")
		}
		time.Sleep(20 * time.Millisecond)
	}
	for i := 0; i < 200; i++ {
		body, _ := json.Marshal(map[string]any{
			"id": strconv.Itoa(1000 + i), "application_id": "1", "type": 2, "token": "t", "version": 1, "guild_id": "2", "channel_id": "3",
			"member": map[string]any{"user": map[string]any{"id": "5", "username": "student"}},
			"data": map[string]any{"id": "4", "name": "ask", "type": 1, "options": []any{
				map[string]any{"name": "question", "type": 3, "value": questions[i%len(questions)] + strings.Repeat("?", i/len(questions))},
			}},
		})
		stamp := strconv.FormatInt(time.Now().Unix(), 10)
		req, _ := http.NewRequest(http.MethodPost, base+"/interactions", bytes.NewReader(body))
		req.Header.Set("X-Signature-Timestamp", stamp)
		req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, append([]byte(stamp), body...))))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("ask %d: status %d", i, resp.StatusCode)
		}
	}
	return scaletest.ProcKB(cmd.Process.Pid, "VmRSS"), scaletest.ProcKB(cmd.Process.Pid, "VmHWM")
}
