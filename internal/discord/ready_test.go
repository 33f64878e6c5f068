package discord

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestEndpointNotReadyWhenDamaged: a loaded endpoint whose index was found
// damaged reports not ready, so a load balancer takes traffic off it.
func TestEndpointNotReadyWhenDamaged(t *testing.T) {
	var damaged error
	ep := newTestEndpoint(t, nil, HTTPConfig{Ready: func() error { return damaged }})
	ep.SetHandler(mustHandler(t))
	if w := serve(ep, httptest.NewRequest("GET", "/readyz", nil)); w.Code != 200 {
		t.Errorf("/readyz while sound = %d, want 200", w.Code)
	}
	damaged = errors.New("the index is damaged")
	w := serve(ep, httptest.NewRequest("GET", "/readyz", nil))
	if w.Code != 503 || !strings.Contains(w.Body.String(), "index is damaged") {
		t.Errorf("/readyz once damaged = %d %q, want 503 naming the damage", w.Code, w.Body.String())
	}
}
