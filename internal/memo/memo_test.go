package memo

import (
	"strconv"
	"sync"
	"testing"
)

// TestMemoBounded: a memo keeps what it is given up to its bound, and past
// it still answers, by computing again.
func TestMemoBounded(t *testing.T) {
	var m Memo[string, int]
	m.Max = 3
	calls := 0
	for round := range 2 {
		for i := range 5 {
			k := strconv.Itoa(i)
			if got := m.Of(k, func() int { calls++; return i * i }); got != i*i {
				t.Fatalf("round %d: Of(%q) = %d, want %d", round, k, got, i*i)
			}
		}
	}
	if m.Len() != 3 || calls != 5+2 {
		t.Errorf("kept %d, computed %d times; want 3 kept and 7 computations (5, then the 2 not kept)", m.Len(), calls)
	}
	if _, ok := m.Get("4"); ok {
		t.Error("an entry past the bound was kept")
	}
}

func TestMemoZeroIsDefault(t *testing.T) {
	var m Memo[int, int]
	for i := range DefaultMax + 10 {
		m.Put(i, i)
	}
	if m.Len() != DefaultMax {
		t.Errorf("the zero memo kept %d, want DefaultMax (%d)", m.Len(), DefaultMax)
	}
}

// TestMemoConcurrent: puts at once never keep more than the bound of
// distinct keys, and a key is counted once (for -race).
func TestMemoConcurrent(t *testing.T) {
	var m Memo[int, int]
	m.Max = 100
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 1000 {
				m.Put(i%50+g%2*1000, i)
			}
		}()
	}
	wg.Wait()
	if m.Len() != 100 {
		t.Errorf("kept %d, want 100 (50 keys from each of two key sets)", m.Len())
	}
}

func TestMemoFull(t *testing.T) {
	m := Memo[int, int]{Max: 2}
	for i := range 3 {
		if full := m.Full(); full != (i == 2) {
			t.Errorf("after %d puts Full() = %v", i, full)
		}
		m.Put(i, i)
	}
}
