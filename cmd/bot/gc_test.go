package main

import (
	"maps"
	"math"
	"net"
	"os"
	"runtime/debug"
	"strings"
	"testing"
)

// TestServerGC: the servers collect at BOT_GC_PERCENT (400) under
// BOT_MEMORY_LIMIT, which is by default 1 GiB or three quarters of a
// smaller container's limit; GOGC and GOMEMLIMIT, when set in the process
// environment (where the runtime has read them), are left as they are.
func TestServerGC(t *testing.T) {
	for _, tc := range []struct {
		name    string
		vars    map[string]string
		process map[string]string
		cgroup  int64
		want    gcPolicy
	}{
		{"defaults", nil, nil, 0, gcPolicy{percent: 400, limit: 1 << 30}},
		{"a large container", nil, nil, 8 << 30, gcPolicy{percent: 400, limit: 1 << 30}},
		{"a small container", nil, nil, 512 << 20, gcPolicy{percent: 400, limit: 384 << 20}},
		{"set", map[string]string{"BOT_GC_PERCENT": "100", "BOT_MEMORY_LIMIT": "300MiB"}, nil, 256 << 20, gcPolicy{percent: 100, limit: 300 << 20}},
		{"off", map[string]string{"BOT_GC_PERCENT": "off", "BOT_MEMORY_LIMIT": "off"}, nil, 0, gcPolicy{percent: -1, limit: math.MaxInt64}},
		{"GOGC in the environment", nil, map[string]string{"GOGC": "50"}, 0, gcPolicy{percent: 400, limit: 1 << 30, keepPercent: true}},
		{"GOMEMLIMIT in the environment", nil, map[string]string{"GOMEMLIMIT": "2GiB"}, 0, gcPolicy{percent: 400, limit: 1 << 30, keepLimit: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := loadSettings(tc.vars)
			if err != nil {
				t.Fatal(err)
			}
			if got := serverGC(&cfg, func(k string) string { return tc.process[k] }, tc.cgroup); got != tc.want {
				t.Errorf("serverGC = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestGCSettings: the sizes read as GOMEMLIMIT writes them and read back
// as written; what the runtime would refuse is refused, naming the value.
func TestGCSettings(t *testing.T) {
	checkSetting(t, "BOT_GC_PERCENT", []string{"1", "400", "off"}, []string{"0", "-5", "fast", "1.5"})
	checkSetting(t, "BOT_MEMORY_LIMIT", []string{"auto", "off", "512MiB", "2GiB", "1TiB", "1536KiB"},
		[]string{"1GB", "-1MiB", "99999999TiB", "100KiB", "lots"})
}

// TestServerGCRestored: `bot serve` and `bot http` run in process (as the
// tests run them) set the collector while they run and leave it as they
// found it when they return, here on an error after it was set.
func TestServerGCRestored(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	gc := map[string]string{"BOT_GC_PERCENT": "200", "BOT_MEMORY_LIMIT": "300MiB", "LOG_LEVEL": "info"}
	for _, tc := range []struct {
		name string
		vars map[string]string
		args []string
	}{
		{"serve", map[string]string{"DISCORD_TOKEN": fakeToken, "BOT_DB": "/dev/null/bot.db"}, []string{"serve"}},
		{"http", map[string]string{"DISCORD_PUBLIC_KEY": fakeKey, "BOT_DB": "off"}, []string{"http", "--addr", taken.Addr().String()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer debug.SetGCPercent(debug.SetGCPercent(123))
			defer debug.SetMemoryLimit(debug.SetMemoryLimit(456 << 20))
			maps.Copy(tc.vars, gc)
			_, logs, err := runBot(t, tc.vars, tc.args...)
			if err == nil {
				t.Fatal("want an error")
			}
			if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" && !strings.Contains(logs, "gc_percent=200 memory_limit_mib=300") {
				t.Errorf("the collector was not set while it ran:\n%s", logs)
			}
			if percent, limit := gcSettings(); percent != 123 || limit != 456<<20 {
				t.Errorf("after %s: GC percent %d, memory limit %d MiB, want 123 and 456 as before", tc.name, percent, limit>>20)
			}
		})
	}
}
