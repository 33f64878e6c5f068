package main

import (
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// The servers' garbage-collector policy (BOT_GC_PERCENT, BOT_MEMORY_LIMIT).
// Each question allocates tens of kilobytes against a live heap of a few
// megabytes, so at Go's GOGC=100 the collector ran dozens of times a second
// under load; letting the heap grow to five times the live data costs
// little memory and much less CPU. The memory limit keeps that growth from
// reaching what the machine, or the container, can give.
const (
	defaultGCPercent = 400
	// autoMemoryLimit caps the heap where no container limit says less.
	autoMemoryLimit = 1 << 30
	// cgroupShare is the part of a container's memory limit the heap may
	// grow to, leaving room for stacks, the memory-mapped index and the
	// kernel's buffers.
	cgroupShare = 0.75
)

// Values of config.MemoryLimit that are not sizes.
const (
	memoryLimitAuto = 0
	memoryLimitOff  = -1
)

// gcPolicy is what applyServerGC sets; a negative percent turns the
// proportional collector off, math.MaxInt64 is no limit, and a keep field
// leaves the runtime's own value (GOGC or GOMEMLIMIT set in the process
// environment, which the runtime has applied).
type gcPolicy struct {
	percent                int
	limit                  int64
	keepPercent, keepLimit bool
}

// serverGC works out the policy for `bot serve` and `bot http` from the
// configuration, the process environment and the cgroup memory limit (0
// when there is none).
func serverGC(c *config, getenv func(string) string, cgroupLimit int64) gcPolicy {
	p := gcPolicy{percent: c.GCPercent, limit: c.MemoryLimit}
	switch c.MemoryLimit {
	case memoryLimitOff:
		p.limit = math.MaxInt64
	case memoryLimitAuto:
		p.limit = autoMemoryLimit
		if cgroupLimit > 0 {
			p.limit = min(p.limit, int64(cgroupShare*float64(cgroupLimit)))
		}
	}
	p.keepPercent = getenv("GOGC") != ""
	p.keepLimit = getenv("GOMEMLIMIT") != ""
	return p
}

// applyServerGC sets the servers' policy and logs it. The settings are the
// process's, so the returned restore puts back what was there before: a
// server's process exits when run returns, but a test that calls run in
// process must not leave its heap policy to the tests after it.
func applyServerGC(e *env) (restore func()) {
	// The runtime read GOGC and GOMEMLIMIT from the real environment.
	p := serverGC(&e.cfg, os.Getenv, cgroupMemoryLimit())
	wasPercent, wasLimit := gcSettings()
	if !p.keepPercent {
		debug.SetGCPercent(p.percent)
	}
	if !p.keepLimit {
		debug.SetMemoryLimit(p.limit)
	}
	percent, limit := gcSettings()
	e.log.Info("garbage collector", "gc_percent", percent, "memory_limit_mib", limit>>20,
		"from_GOGC", p.keepPercent, "from_GOMEMLIMIT", p.keepLimit)
	return func() {
		debug.SetGCPercent(wasPercent)
		debug.SetMemoryLimit(wasLimit)
	}
}

// gcSettings reads the runtime's GC percent and memory limit; the runtime
// has no getter, so the percent is swapped out and back.
func gcSettings() (percent int, limit int64) {
	percent, limit = debug.SetGCPercent(-1), debug.SetMemoryLimit(-1)
	debug.SetGCPercent(percent)
	return percent, limit
}

// cgroupMemoryLimit is the cgroup v2 memory limit the process runs under,
// or 0 when there is none (or no cgroup v2).
func cgroupMemoryLimit() int64 {
	b, err := os.ReadFile("/sys/fs/cgroup/memory.max")
	if err != nil {
		return 0
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil { // "max": no limit
		return 0
	}
	return n
}

// gcPercentVar takes a percentage, as GOGC does, or off.
func gcPercentVar(p *int) *value {
	return &value{get: func() string {
		if *p < 0 {
			return "off"
		}
		return strconv.Itoa(*p)
	}, set: func(s string) error {
		if s == "off" {
			*p = -1
			return nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return fmt.Errorf("%q: want a percentage of at least 1, such as 400, or off", s)
		}
		*p = n
		return nil
	}}
}

// memoryLimitVar takes a size as GOMEMLIMIT writes it (bytes, or a number
// with KiB, MiB, GiB or TiB), auto or off.
func memoryLimitVar(p *int64) *value {
	return &value{get: func() string {
		switch *p {
		case memoryLimitAuto:
			return "auto"
		case memoryLimitOff:
			return "off"
		}
		return formatSize(*p)
	}, set: func(s string) error {
		switch s {
		case "auto":
			*p = memoryLimitAuto
			return nil
		case "off":
			*p = memoryLimitOff
			return nil
		}
		n, ok := parseSize(s)
		if !ok || n < 1<<20 {
			return fmt.Errorf("%q: want a size of at least 1MiB, such as 512MiB or 2GiB, or auto, or off", s)
		}
		*p = n
		return nil
	}}
}

var sizeUnits = []struct {
	suffix string
	n      int64
}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}

func parseSize(v string) (int64, bool) {
	unit := int64(1)
	for _, u := range sizeUnits {
		if s, ok := strings.CutSuffix(v, u.suffix); ok {
			v, unit = s, u.n
			break
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64/unit {
		return 0, false
	}
	return n * unit, true
}

// formatSize writes n in the largest unit that divides it.
func formatSize(n int64) string {
	for _, u := range sizeUnits {
		if n%u.n == 0 {
			return strconv.FormatInt(n/u.n, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10) + "B"
}
