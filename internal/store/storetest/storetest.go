// Package storetest gives tests of the store, and of packages that use
// it, their databases.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers database/sql driver "pgx"
)

// PostgresDSN returns a DSN for the database in BOT_TEST_POSTGRES, scoped
// to a new schema that is dropped after the test, so tests don't see each
// other's rows. Without BOT_TEST_POSTGRES it skips, or fails when
// BOT_REQUIRE_POSTGRES=1 (as in CI), so Postgres is never skipped silently.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv("BOT_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("BOT_REQUIRE_POSTGRES") == "1" {
			t.Fatal("BOT_REQUIRE_POSTGRES=1 but BOT_TEST_POSTGRES is unset: the PostgreSQL tests cannot run (source .ci/postgres.sh first)")
		}
		t.Skip("PostgreSQL tests skipped: set BOT_TEST_POSTGRES=postgres://... (e.g. source .ci/postgres.sh) to run them")
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("BOT_TEST_POSTGRES is not a postgres:// URL (err %v)", err)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("BOT_TEST_POSTGRES: %v", err)
	}
	t.Cleanup(func() { admin.Close() })
	b := make([]byte, 6)
	rand.Read(b)
	schema := "test_" + hex.EncodeToString(b)
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("BOT_TEST_POSTGRES: create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema) // pgx sends it as a run-time parameter
	u.RawQuery = q.Encode()
	return u.String()
}
