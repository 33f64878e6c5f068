package main

import (
	"testing"
	"time"
)

// TestAdmissionSettings: HTTP_MAX_ANSWERING is a positive whole number or
// auto, and HTTP_MAX_WAIT a duration that leaves time within Discord's
// three seconds; each reads back as written.
func TestAdmissionSettings(t *testing.T) {
	checkSetting(t, "HTTP_MAX_ANSWERING", []string{"auto", "1", "64"}, []string{"0", "-1", "many"})
	checkSetting(t, "HTTP_MAX_WAIT", []string{"1s", "500ms", "2s"}, []string{"0s", "-1s", "3s", "soon", "5"})
	if cfg, _ := loadSettings(nil); cfg.HTTPMaxAnswering != 0 || cfg.HTTPMaxWait != time.Second {
		t.Errorf("defaults: HTTPMaxAnswering %d, HTTPMaxWait %v; want 0 (auto), 1s", cfg.HTTPMaxAnswering, cfg.HTTPMaxWait)
	}
}
