package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcebot/newsbot/internal/discord/discordtest"
	"github.com/sourcebot/newsbot/internal/store"
)

// TestE2EStoreOutageShutdown: while another process holds the SQLite
// store's write lock (`sqlite3 bot.db` with BEGIN IMMEDIATE), the bot goes
// on answering with vote buttons; SIGTERM during the outage stops it within
// the store's budget, not the driver's 10 s lock wait, and the log says how
// many questions were not written.
func TestE2EStoreOutageShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out the store's 5 s shutdown budget")
	}
	db := filepath.Join(t.TempDir(), "bot.db")

	fake := discordtest.New(t)
	logs, cancel, done := launchServe(fake, map[string]string{"BOT_DB": db})
	defer cancel()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "msg=serving") {
		if time.Now().After(deadline) {
			t.Fatalf("the bot never said it was serving:\n%s", logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
	holdWriteLock(t, db) // once the bot is up: opening the store writes
	for _, q := range []string{"what did China say about proof?", "Who is Hua Chunying?"} {
		if _, resp := ask(t, fake, fake.SlashCommand("ask", discordtest.StringArg("question", q))); resp.button("👍") == "" {
			t.Errorf("%q during the outage: no vote buttons: %+v", q, resp.Data)
		}
	}

	start := time.Now()
	cancel() // SIGTERM
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop within 15 s of SIGTERM")
	}
	if took := time.Since(start); took > store.CloseTimeout+3*time.Second { // it took 10 s, the lock wait
		t.Errorf("shutdown took %v, want about the store's %v budget", took, store.CloseTimeout)
	}
	if out := logs.String(); !strings.Contains(out, `msg="close the feedback store"`) || !strings.Contains(out, "2 questions not written") {
		t.Errorf("the log does not say that 2 questions were lost:\n%s", out)
	}
}

// holdWriteLock takes the write lock of the SQLite file at path from a
// second connection until release is called, or the test ends.
func holdWriteLock(t *testing.T, path string) (release func()) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			conn.ExecContext(context.Background(), "COMMIT")
			conn.Close()
			db.Close()
		})
	}
	t.Cleanup(release)
	return release
}
