package main

import (
	"os"
	"testing"
)

// slowTest skips t unless BOT_SLOW_TESTS=1, which CI sets: a newcomer's
// go test ./... stays near a minute, and CI still runs every check.
func slowTest(t *testing.T) {
	t.Helper()
	if testing.Short() || os.Getenv("BOT_SLOW_TESTS") != "1" {
		t.Skip("slow: runs with BOT_SLOW_TESTS=1 (CI sets it), not with -short")
	}
}
