package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A cell of the matrix: one server setting under one kind of traffic.
type cell struct {
	server string // "ceiling", or a bot's label and its store: "bot off", "bot sqlite"
	unique bool
	conns  int
}

// A bot to measure: its label in the table, its binary and any settings.
type botSpec struct {
	label, path string
	env         []string
}

// parseBot reads -bot's [LABEL=]PATH[,NAME=VALUE...].
func parseBot(v string) (botSpec, error) {
	fields := strings.Split(v, ",")
	b := botSpec{label: "bot", path: fields[0]}
	if label, path, ok := strings.Cut(fields[0], "="); ok {
		b.label, b.path = label, path
	}
	for _, kv := range fields[1:] {
		if !strings.Contains(kv, "=") {
			return b, fmt.Errorf("-bot %q: %q is not NAME=VALUE", v, kv)
		}
		b.env = append(b.env, kv)
	}
	if b.path == "" || b.label == "" || b.label == "ceiling" || strings.ContainsAny(b.label, " |") {
		return b, fmt.Errorf("-bot %q: want [LABEL=]PATH[,NAME=VALUE...], LABEL a word other than ceiling", v)
	}
	return b, nil
}

// A matrix run as its flags set it, and what it has measured.
type matrix struct {
	bots      []botSpec
	rounds    int
	conns     []int
	kinds     []bool // unique (every question new) or not
	dur, warm time.Duration
	addr      string // where every server listens, in turn
	dir       string // scratch: logs and SQLite files
	servers   []server
	got       map[cell][]result
	out       io.Writer
}

// runMatrix measures `bot http` against the ceiling server: every
// connection count, both kinds of traffic, the store off and on (SQLite),
// for several rounds. Each round measures the ceiling and then each bot
// in turn, so a ratio compares servers on the same machine at nearly the
// same time; the table gives the median over rounds.
func runMatrix(ctx context.Context, args []string, out io.Writer) error {
	m, help, err := parseMatrix(args, out)
	if help || err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("matrix: %w", err)
	}
	if m.dir, err = os.MkdirTemp("", "loadgen-matrix-"); err != nil {
		return fmt.Errorf("matrix: %w", err)
	}
	defer os.RemoveAll(m.dir)
	m.servers = m.serverList(self)

	fmt.Fprintf(out, "matrix: %d rounds, connections %v, %v measured after %v; GOMAXPROCS %d; load average %s\n",
		m.rounds, m.conns, m.dur, m.warm, runtime.GOMAXPROCS(0), loadAvg())
	for r := range m.rounds {
		for _, s := range m.servers {
			if err := m.measure(ctx, r, s); err != nil {
				return err
			}
		}
	}
	fmt.Fprintf(out, "load average after: %s\n\n", loadAvg())
	var names []string
	for _, s := range m.servers[1:] {
		names = append(names, s.name)
	}
	writeTable(out, m.got, names, m.kinds, m.conns, m.rounds)
	return nil
}

// parseMatrix reads the matrix's flags; help is true when -h asked for
// the usage, which has then been written to out.
func parseMatrix(args []string, out io.Writer) (m *matrix, help bool, err error) {
	fs := flag.NewFlagSet("loadgen matrix", flag.ContinueOnError)
	m = &matrix{out: out, got: map[cell][]result{}}
	fs.Func("bot", "a `[LABEL=]PATH[,NAME=VALUE...]` bot binary to measure, with settings (repeatable; go build -o /tmp/bot ./cmd/bot)", func(v string) error {
		b, err := parseBot(v)
		if err != nil {
			return err
		}
		for _, o := range m.bots {
			if o.label == b.label {
				return fmt.Errorf("-bot label %q given twice", b.label)
			}
		}
		m.bots = append(m.bots, b)
		return nil
	})
	fs.IntVar(&m.rounds, "rounds", 3, "rounds; the table gives the median")
	connList := fs.String("c", "16,64,256", "connection counts, comma-separated")
	fs.DurationVar(&m.dur, "d", 5*time.Second, "how long each run is measured")
	fs.DurationVar(&m.warm, "warmup", time.Second, "how long each run warms up first")
	port := fs.Int("port", 18080, "the servers listen on 127.0.0.1 at `PORT`")
	trafficKind := fs.String("traffic", "both", "which traffic to drive: repeated, all-new or both")
	if help, err := parseFlags(fs, args, out); help || err != nil {
		return nil, help, err
	}
	if len(m.bots) == 0 {
		return nil, false, errors.New("matrix: -bot is required")
	}
	if m.conns, err = parseConns(*connList); err != nil {
		return nil, false, err
	}
	if m.kinds, err = parseTraffic(*trafficKind); err != nil {
		return nil, false, err
	}
	m.addr = "127.0.0.1:" + strconv.Itoa(*port)
	return m, false, nil
}

// serverList is the ceiling (this binary) and then each bot with the store
// off and with SQLite.
func (m *matrix) serverList(self string) []server {
	key := hex.EncodeToString(testKey().Public().(ed25519.PublicKey))
	servers := []server{{name: "ceiling", path: self, args: []string{"ceiling", "-addr", m.addr}}}
	for _, b := range m.bots {
		for _, store := range []string{"off", "sqlite"} {
			servers = append(servers, server{name: b.label + " " + store, path: b.path, args: []string{"http", "--addr", m.addr},
				env: append([]string{"DISCORD_PUBLIC_KEY=" + key, "LOG_LEVEL=error"}, b.env...), store: store})
		}
	}
	return servers
}

// measure starts one server for round r, a new SQLite file for each bot
// that has the store on, and drives every kind of traffic at every
// connection count.
func (m *matrix) measure(ctx context.Context, r int, s server) error {
	if s.store != "" {
		db := "off"
		if s.store == "sqlite" {
			db = filepath.Join(m.dir, fmt.Sprintf("round%d-%s.db", r, strings.Fields(s.name)[0]))
		}
		s.env = append(slices.Clip(s.env), "BOT_DB="+db)
	}
	stop, err := s.start(ctx, m.dir, "http://"+m.addr+"/readyz")
	if err != nil {
		return err
	}
	for _, unique := range m.kinds {
		for _, c := range m.conns {
			res, err := drive(ctx, load{url: "http://" + m.addr + "/interactions", conns: c, dur: m.dur, warm: m.warm, unique: unique})
			if err != nil {
				stop()
				return fmt.Errorf("round %d, %s, %s, %d connections: %w", r+1, s.name, traffic(unique), c, err)
			}
			k := cell{s.name, unique, c}
			m.got[k] = append(m.got[k], res)
			printRun(m.out, r, k, res)
		}
	}
	return stop()
}

// printRun writes one run's line, and what went wrong in it.
func printRun(out io.Writer, r int, k cell, res result) {
	fmt.Fprintf(out, "round %d  %-16s %-9s c=%-4d %7.0f req/s  p50 %7.2fms  p99 %7.2fms  p99.9 %7.2fms  notices %d  errors %d\n",
		r+1, k.server, traffic(k.unique), k.conns, res.rate(), ms(res.p50), ms(res.p99), ms(res.p999), res.notices, res.errors)
	if res.short {
		fmt.Fprintf(out, "         measured %.1fs: the pre-signed requests ran out\n", res.elapsed.Seconds())
	}
	if res.notices > 0 {
		fmt.Fprintf(out, "         the first notice: %q\n", res.notice)
	}
	if res.errors > 0 {
		fmt.Fprintf(out, "         the first error: %s\n", res.failure)
	}
}

// parseTraffic reads -traffic: which kinds of traffic to drive, as
// unique (every question new) or not.
func parseTraffic(v string) ([]bool, error) {
	switch v {
	case "both":
		return []bool{false, true}, nil
	case "repeated":
		return []bool{false}, nil
	case "all-new":
		return []bool{true}, nil
	}
	return nil, fmt.Errorf("matrix: -traffic %q: want repeated, all-new or both", v)
}

func traffic(unique bool) string {
	if unique {
		return "all-new"
	}
	return "repeated"
}

// writeTable prints the medians as a Markdown table: each bot's rate as a
// ratio to the ceiling's in the same round, and the latencies of both.
func writeTable(out io.Writer, got map[cell][]result, bots []string, kinds []bool, conns []int, rounds int) {
	fmt.Fprintf(out, "Medians of %d rounds. ratio: the bot's requests/s over the ceiling's in the same round.\n\n", rounds)
	fmt.Fprintln(out, "| traffic | bot, store | connections | ratio to ceiling | bot req/s | ceiling req/s | bot p50 | bot p99 | ceiling p50 | ceiling p99 | notices | errors |")
	fmt.Fprintln(out, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	for _, unique := range kinds {
		for _, name := range bots {
			for _, c := range conns {
				bot, ceil := got[cell{name, unique, c}], got[cell{"ceiling", unique, c}]
				var ratios []float64
				for i := range min(len(bot), len(ceil)) {
					ratios = append(ratios, bot[i].rate()/ceil[i].rate())
				}
				notices, errs := 0, 0
				for _, r := range bot {
					notices += r.notices
					errs += r.errors
				}
				fmt.Fprintf(out, "| %s | %s | %d | %.2f× | %.0f | %.0f | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d | %d |\n",
					traffic(unique), name, c, median(ratios),
					median(each(bot, result.rate)), median(each(ceil, result.rate)),
					median(each(bot, p50ms)), median(each(bot, p99ms)),
					median(each(ceil, p50ms)), median(each(ceil, p99ms)), notices, errs)
			}
		}
	}
}

func p50ms(r result) float64 { return ms(r.p50) }
func p99ms(r result) float64 { return ms(r.p99) }

func each(rs []result, f func(result) float64) []float64 {
	out := make([]float64, len(rs))
	for i, r := range rs {
		out[i] = f(r)
	}
	return out
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func parseConns(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-c %q: want connection counts such as 16,64,256", s)
		}
		out = append(out, n)
	}
	return out, nil
}

// server is a process the matrix measures.
type server struct {
	name, path string
	args, env  []string
	store      string // a bot's: "off" or "sqlite"
}

// start runs the server in dir (so that it reads no .env of the caller's)
// and waits until ready answers 200; stop interrupts it and waits.
func (s server) start(ctx context.Context, dir, ready string) (stop func() error, err error) {
	logPath := filepath.Join(dir, strings.ReplaceAll(s.name, " ", "-")+".log")
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", s.name, err)
	}
	cmd := exec.Command(s.path, s.args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), s.env...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("start %s: %w", s.name, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); logf.Close() }()
	stop = func() error {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
			return nil
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			<-exited
			return fmt.Errorf("%s did not stop within 15 s of SIGINT (log: %s)", s.name, logPath)
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case err := <-exited:
			return nil, fmt.Errorf("%s exited before it was ready: %v (log: %s)", s.name, err, logPath)
		case <-ctx.Done():
			stop()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if resp, err := http.Get(ready); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return stop, nil
			}
		}
		if time.Now().After(deadline) {
			stop()
			return nil, fmt.Errorf("%s not ready after 30 s (log: %s)", s.name, logPath)
		}
	}
}

// loadAvg is the machine's load average over 1, 5 and 15 minutes, or "?"
// where /proc does not say.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
