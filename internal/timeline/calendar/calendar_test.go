package calendar

import (
	"slices"
	"testing"
	"time"
)

func TestNames(t *testing.T) {
	for name, want := range map[string]time.Month{"December": time.December, "Dec": time.December, "Sept": time.September, "Sep": time.September, "May": time.May} {
		if got, ok := Month(name); !ok || got != want {
			t.Errorf("Month(%q) = %v, %v; want %v", name, got, ok, want)
		}
	}
	for _, name := range []string{"may", "march", "DECEMBER", "Decem", ""} {
		if m, ok := Month(name); ok {
			t.Errorf("Month(%q) = %v, want none: names are matched as copy writes them", name, m)
		}
	}
	if d, ok := Weekday("Sunday"); !ok || d != time.Sunday {
		t.Errorf(`Weekday("Sunday") = %v, %v`, d, ok)
	}
	if _, ok := Weekday("sunday"); ok {
		t.Error(`Weekday("sunday") found a weekday`)
	}
	for name, want := range map[string]bool{"Dec": true, "Sept": true, "Sep": true, "May": false, "June": false, "December": false, "Monday": false} {
		if got := Abbreviated(name); got != want {
			t.Errorf("Abbreviated(%q) = %v, want %v", name, got, want)
		}
	}
	ms := MonthNames()
	if len(ms) != 24 || ms[0] != "September" || !slices.Contains(ms, "Sept") {
		t.Errorf("MonthNames() = %q, want the 24 names and abbreviations, longest first", ms)
	}
	for i := 1; i < len(ms); i++ {
		if len(ms[i]) > len(ms[i-1]) {
			t.Errorf("MonthNames(): %q after the shorter %q", ms[i], ms[i-1])
		}
	}
	if ws := WeekdayNames(); len(ws) != 7 || ws[0] != "Wednesday" {
		t.Errorf("WeekdayNames() = %q", ws)
	}
}

func TestDate(t *testing.T) {
	tests := []struct {
		y    int
		m    time.Month
		d    int
		want string // "" for no such day
	}{
		{2014, time.December, 22, "2014-12-22"},
		{2016, time.February, 29, "2016-02-29"},
		{2015, time.February, 29, ""},
		{2014, time.June, 31, ""},
		{2014, 0, 1, ""},
		{2014, 13, 1, ""},
		{2014, time.May, 0, ""},
		{0, time.May, 1, ""},
		{10000, time.May, 1, ""},
		{9999, time.December, 31, "9999-12-31"},
	}
	for _, tt := range tests {
		got, ok := Date(tt.y, tt.m, tt.d)
		if s := got.Format(time.DateOnly); ok != (tt.want != "") || ok && s != tt.want {
			t.Errorf("Date(%d, %d, %d) = %s, %v; want %q", tt.y, tt.m, tt.d, s, ok, tt.want)
		}
	}
}

func TestNumber(t *testing.T) {
	for s, want := range map[string]int{"0": 0, "07": 7, "22": 22, "2014": 2014} {
		if got := Number(s); got != want {
			t.Errorf("Number(%q) = %d, want %d", s, got, want)
		}
	}
}
