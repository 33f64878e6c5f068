package store

import (
	"regexp"
	"testing"
	"time"
)

// TestRecordIDs: interaction ids fit a vote button with room to spare, are
// distinct, and their time prefix ascends with the time they were made
// (what keeps the primary key's inserts together); ids of one second share
// it and still differ.
func TestRecordIDs(t *testing.T) {
	valid := regexp.MustCompile(`^[a-z2-7]{20}$`)
	at := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	var last string
	for i := range 2000 {
		id, err := newRecordID(at.Add(time.Duration(i) * time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if !valid.MatchString(id) || seen[id] {
			t.Fatalf("id %q: want 20 characters of [a-z2-7], not seen before", id)
		}
		seen[id] = true
		if id[:4] <= last {
			t.Fatalf("id %q made after %q sorts before it", id, last)
		}
		last = id[:4]
		again, err := newRecordID(at.Add(time.Duration(i) * time.Second))
		if err != nil || again[:4] != id[:4] || again == id {
			t.Fatalf("ids %q and %q of the same second: want the same time, distinct ids (%v)", id, again, err)
		}
	}
}
