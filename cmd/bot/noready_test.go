package main

import (
	"strings"
	"testing"
	"time"

	"github.com/sourcebot/newsbot/internal/discord/discordtest"
)

// TestServeWithoutReady: against a gateway that takes the connection and
// never sends READY, `bot serve` logs what it is waiting for, and SIGTERM
// (a cancelled context) stops it promptly and cleanly. It used to hang
// forever, logging nothing.
func TestServeWithoutReady(t *testing.T) {
	fake := discordtest.New(t, discordtest.WithReadyWithheld(-1))
	logs, cancel, done := launchServe(fake, nil)
	defer cancel()

	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "waiting for HELLO and READY") || fake.Withheld() == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("serve never said it was waiting for READY (withheld %d):\n%s", fake.Withheld(), logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	start := time.Now()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after SIGTERM = %v, want a clean stop", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("serve did not stop within 5 s of SIGTERM while awaiting READY:\n%s", logs)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("serve took %v to stop", d)
	}
}
