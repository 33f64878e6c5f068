package discord

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/sourcebot/newsbot/internal/articles"
	"github.com/sourcebot/newsbot/internal/store"
)

// BenchmarkEndpointStore is BenchmarkEndpointInteraction (a repeated /ask
// from a new user, answered from the cache) with the store off and on: a
// SQLite file in WAL mode, its rows written in batches every 200 ms by the
// store's writer, as `bot http` runs it. The writer's own work runs beside
// the loop, as it does on the server's other core; BenchmarkRecordWrite in
// internal/store measures it.
func BenchmarkEndpointStore(b *testing.B) {
	for _, name := range []string{"off", "sqlite"} {
		b.Run(name, func(b *testing.B) {
			lib, err := articles.Load(context.Background(), "")
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { lib.Close() })
			cfg := Config{Examples: lib.Examples, RatePerMinute: 1000}
			if name == "sqlite" {
				s, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "bot.db"))
				if err != nil {
					b.Fatal(err)
				}
				s.Batch(200 * time.Millisecond)
				b.Cleanup(func() {
					if err := s.Close(); err != nil {
						b.Error(err)
					}
				})
				cfg.Feedback = s
			}
			h := NewHandler(slog.New(slog.DiscardHandler), lib.Engine, cfg)
			routes := newTestEndpoint(b, h, HTTPConfig{Responder: nopResponder{}}).Routes()
			benchAsks(b, routes, askBodies(b, 4096, func(i int) string { return classQuestions[i%2] }), `"type":4`)
		})
	}
}
