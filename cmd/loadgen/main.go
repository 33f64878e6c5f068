// Command loadgen drives `bot http` with signed /ask interactions and
// reports throughput and latency.
//
// It signs with a fixed test key, so the server must run with its public
// key (print it with -print-key):
//
//	DISCORD_PUBLIC_KEY=$(go run ./cmd/loadgen -print-key) bot http --addr 127.0.0.1:8080 &
//	go run ./cmd/loadgen -url http://127.0.0.1:8080/interactions -c 64 -d 20s
//
// Requests are signed before the run starts (timestamps must stay within
// Discord's 5-minute window, so -d is capped at 4 minutes). Each request
// comes from a different user, so the bot's per-user rate limit does not
// throttle the run, and the questions cycle through a realistic mix.
package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// seed is the test key's seed: not a secret, never a real application's.
var seed = bytes.Repeat([]byte("loadgen-test-key"), 2)

var questions = []string{
	"what did China say about proof?",
	"Who is Hua Chunying?",
	"When did the FBI blame North Korea?",
	"What did Obama say about the attack?",
	"What did the Global Times editorial say?",
	"Which film did Sony withdraw?",
	"Who is North Korea's only major ally?",
	"What did Wang Yi tell John Kerry?",
	"How did North Korea respond to the accusations?",
	"What help did the US ask for?",
	"Did Beijing agree with Washington's assessment?",
	"What is the weather in Paris?",
	"What did Germany say about the hack?",
	"Who won the Super Bowl?",
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	url := fs.String("url", "http://127.0.0.1:8080/interactions", "the endpoint")
	conc := fs.Int("c", 64, "concurrent connections")
	dur := fs.Duration("d", 20*time.Second, "how long to run (at most 4m)")
	warm := fs.Duration("warmup", 2*time.Second, "run this long before measuring")
	printKey := fs.Bool("print-key", false, "print the test public key (hex) and exit")
	unique := fs.Bool("unique", false, "make every question text different (same meaning), so no answer comes from the bot's cache")
	if err := fs.Parse(args); err != nil {
		return err
	}
	priv := ed25519.NewKeyFromSeed(seed)
	if *printKey {
		fmt.Fprintln(out, hex.EncodeToString(priv.Public().(ed25519.PublicKey)))
		return nil
	}
	if *dur+*warm > 4*time.Minute || *conc < 1 {
		return errors.New("-d plus -warmup must be at most 4m, and -c at least 1")
	}
	reqs, err := presign(priv, 20000, *unique)
	if err != nil {
		return err
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *conc, MaxConnsPerHost: *conc, DisableCompression: true}}

	var (
		next     atomic.Int64
		mu       sync.Mutex
		lat      []time.Duration
		errs     atomic.Int64
		measured atomic.Bool
		wg       sync.WaitGroup
	)
	runCtx, cancel := context.WithTimeout(ctx, *warm+*dur)
	defer cancel()
	time.AfterFunc(*warm, func() { measured.Store(true) })
	var start time.Time
	var startOnce sync.Once
	for range *conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for runCtx.Err() == nil {
				r := reqs[next.Add(1)%int64(len(reqs))]
				t0 := time.Now()
				ok := send(runCtx, client, *url, r)
				d := time.Since(t0)
				if !measured.Load() || runCtx.Err() != nil {
					continue
				}
				startOnce.Do(func() { start = t0 })
				if !ok {
					errs.Add(1)
					continue
				}
				mine = append(mine, d)
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if len(lat) == 0 {
		return fmt.Errorf("no successful request (%d errors): is the server up, with the test public key?", errs.Load())
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Fprintf(out, "requests  %d ok, %d errors, over %.1fs with %d connections\n", len(lat), errs.Load(), elapsed.Seconds(), *conc)
	fmt.Fprintf(out, "rate      %.0f requests/s\n", float64(len(lat))/elapsed.Seconds())
	fmt.Fprintf(out, "latency   p50 %.2fms  p99 %.2fms  p99.9 %.2fms  max %.2fms\n", ms(pct(0.50)), ms(pct(0.99)), ms(pct(0.999)), ms(lat[len(lat)-1]))
	if errs.Load() > 0 {
		return fmt.Errorf("%d requests failed", errs.Load())
	}
	return nil
}

func question(i int, unique bool) string {
	q := questions[i%len(questions)]
	if unique {
		q += strings.Repeat("?", i%97) + strings.Repeat("!", i/97)
	}
	return q
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

type signedReq struct {
	body           []byte
	stamp, signHex string
}

// presign builds n /ask interactions from distinct users, signed now. With
// unique, each question's text differs by its trailing punctuation.
func presign(priv ed25519.PrivateKey, n int, unique bool) ([]signedReq, error) {
	stamp := strconv.FormatInt(time.Now().Unix(), 10)
	out := make([]signedReq, n)
	for i := range out {
		body, err := json.Marshal(map[string]any{
			"id": strconv.Itoa(1000000 + i), "application_id": "1", "type": 2, "token": "tok" + strconv.Itoa(i), "version": 1,
			"guild_id": "2", "channel_id": "3",
			"member": map[string]any{"user": map[string]any{"id": strconv.Itoa(5000000 + i), "username": "student"}},
			"data": map[string]any{"id": "4", "name": "ask", "type": 1, "options": []any{
				map[string]any{"name": "question", "type": 3, "value": question(i, unique)},
			}},
		})
		if err != nil {
			return nil, err
		}
		sig := ed25519.Sign(priv, append([]byte(stamp), body...))
		out[i] = signedReq{body: body, stamp: stamp, signHex: hex.EncodeToString(sig)}
	}
	return out, nil
}

// send posts one request; ok means 200 with an interaction response.
func send(ctx context.Context, c *http.Client, url string, r signedReq) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(r.body))
	if err != nil {
		return false
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", r.stamp)
	req.Header.Set("X-Signature-Ed25519", r.signHex)
	resp, err := c.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	var body struct {
		Type int `json:"type"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return false
	}
	return resp.StatusCode == http.StatusOK && body.Type == 4
}
