package main

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestAdmissionSettings: HTTP_MAX_ANSWERING is a positive whole number or
// auto, and HTTP_MAX_WAIT a duration that leaves time within Discord's
// three seconds; each reads back as written.
func TestAdmissionSettings(t *testing.T) {
	for name, ok := range map[string][]string{
		"HTTP_MAX_ANSWERING": {"auto", "1", "64"},
		"HTTP_MAX_WAIT":      {"1s", "500ms", "2s"},
	} {
		s, _ := lookupSetting(name)
		for _, v := range ok {
			cfg, err := loadSettings(map[string]string{name: v})
			if err != nil {
				t.Errorf("%s=%s: %v", name, v, err)
				continue
			}
			if got := s.value(&cfg).String(); got != v {
				t.Errorf("%s=%s reads back as %s", name, v, got)
			}
		}
	}
	for name, bad := range map[string][]string{
		"HTTP_MAX_ANSWERING": {"0", "-1", "many"},
		"HTTP_MAX_WAIT":      {"0s", "-1s", "3s", "soon", "5"},
	} {
		for _, v := range bad {
			var u usageError
			if _, err := loadSettings(map[string]string{name: v}); !errors.As(err, &u) || !strings.Contains(err.Error(), name+`: "`+v+`"`) {
				t.Errorf("%s=%s: %v, want a usage error naming it and the value", name, v, err)
			}
		}
	}
	if cfg, _ := loadSettings(nil); cfg.HTTPMaxAnswering != 0 || cfg.HTTPMaxWait != time.Second {
		t.Errorf("defaults: HTTPMaxAnswering %d, HTTPMaxWait %v; want 0 (auto), 1s", cfg.HTTPMaxAnswering, cfg.HTTPMaxWait)
	}
}
