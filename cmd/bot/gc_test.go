package main

import (
	"math"
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
