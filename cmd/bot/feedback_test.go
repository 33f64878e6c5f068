package main

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestFeedbackPoolSetting: BOT_DB_MAX_CONNS must be a whole number of at
// least 1, and a bad one is a usage error naming it.
func TestFeedbackPoolSetting(t *testing.T) {
	for _, v := range []string{"0", "-3", "many"} {
		vars := map[string]string{"BOT_DB": ":memory:", "BOT_DB_MAX_CONNS": v}
		e := &env{getenv: func(k string) string { return vars[k] }, log: discardLogger(), secrets: &secrets{}}
		s, err := openFeedback(context.Background(), e)
		var u usageError
		if !errors.As(err, &u) || !strings.Contains(err.Error(), "BOT_DB_MAX_CONNS") {
			t.Errorf("BOT_DB_MAX_CONNS=%s: openFeedback = %v, want a usage error naming it", v, err)
		}
		if s != nil {
			s.Close()
		}
	}
}
