package library

import (
	"testing"
	"time"
)

func TestDrafts(t *testing.T) {
	ds := NewDrafts(2, time.Minute)
	now := time.Now()
	ds.now = func() time.Time { return now }
	d := Draft{Name: "a.txt", Text: []byte("Headline\n\nText.")}
	id := ds.Put("g", "u", d)
	if len(id) != 16 {
		t.Errorf("id %q: want 16 characters", id)
	}
	for _, who := range [][2]string{{"g", "other"}, {"other guild", "u"}} {
		if _, ok := ds.Take(id, who[0], who[1]); ok {
			t.Errorf("Take by %v: another user's or server's draft was handed out", who)
		}
	}
	got, ok := ds.Take(id, "g", "u")
	if !ok || got.Name != "a.txt" || got.Digest() != d.Digest() {
		t.Fatalf("Take by its owner = %+v, %v", got, ok)
	}
	if _, ok := ds.Take(id, "g", "u"); ok {
		t.Errorf("a draft was taken twice: Add pressed twice would add it twice")
	}

	old := ds.Put("g", "u", d)
	now = now.Add(time.Second)
	ds.Put("g", "u", d)
	now = now.Add(time.Second)
	ds.Put("g", "u", d)
	if _, ok := ds.Take(old, "g", "u"); ok || ds.Len() != 2 {
		t.Errorf("past max the oldest draft stays (len %d)", ds.Len())
	}
	now = now.Add(time.Minute)
	if ds.Len() != 0 {
		t.Errorf("drafts outlive their ttl: %d held", ds.Len())
	}
	if (Draft{Text: []byte("x")}).Digest() == d.Digest() {
		t.Errorf("different texts have one digest")
	}
}
