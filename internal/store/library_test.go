package store

import (
	"context"
	"errors"
	"sync"
	"testing"
)

// mustAdd adds an article titled title to guild as user and returns its id.
func mustAdd(tb testing.TB, s *Store, guild, user, title string) string {
	tb.Helper()
	id, err := s.AddArticle(context.Background(), LibraryArticle{GuildID: guild, Name: title + ".txt",
		Text: title + "\n\nSome text.", Title: title, Source: "Reuters", Date: "2014-12-22", Passages: 1}, user, Limits{})
	if err != nil {
		tb.Fatalf("AddArticle(%s, %q): %v", guild, title, err)
	}
	return id
}

func mustState(tb testing.TB, s *Store, guild string) LibraryState {
	tb.Helper()
	st, err := s.Library(context.Background(), guild)
	if err != nil {
		tb.Fatalf("Library(%s): %v", guild, err)
	}
	return st
}

func titles(tb testing.TB, s *Store, guild string) []string {
	tb.Helper()
	as, err := s.LibraryArticles(context.Background(), guild, true)
	if err != nil {
		tb.Fatalf("LibraryArticles(%s): %v", guild, err)
	}
	var out []string
	for _, a := range as {
		out = append(out, a.Title)
	}
	return out
}

func TestLibraryRoundTrip(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		s := mustOpen(t, e.dsn(t))
		if st := mustState(t, s, "g1"); st != (LibraryState{Defaults: true}) {
			t.Errorf("Library of a new server = %+v, want version 0, defaults on, no teacher role", st)
		}
		a := LibraryArticle{GuildID: "g1", Name: "week1.html", Text: "Headline\n\nBody text.\x00", Title: "Headline",
			Source: "AFP", Date: "2014-12-21", URL: "https://example.com/a", Byline: "Jane Doe", Passages: 1}
		id, err := s.AddArticle(ctx, a, "42", Limits{})
		if err != nil {
			t.Fatal(err)
		}
		mustAdd(t, s, "g2", "42", "Other server")
		got, err := s.LibraryArticles(ctx, "g1", true)
		if err != nil || len(got) != 1 {
			t.Fatalf("LibraryArticles(g1) = %+v, %v; want the one article", got, err)
		}
		g := got[0]
		if g.ID != id || g.Name != a.Name || g.Text != "Headline\n\nBody text." || g.Title != a.Title || g.Source != a.Source ||
			g.Date != a.Date || g.URL != a.URL || g.Byline != a.Byline || g.Passages != 1 || g.AddedAt.IsZero() {
			t.Errorf("LibraryArticles(g1)[0] = %+v, want what was added (NUL dropped) with id %s", g, id)
		}
		if g.AddedBy != s.UserHash("42") || len(g.AddedBy) != 64 {
			t.Errorf("AddedBy = %q, want the keyed hash of 42", g.AddedBy)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM library_articles WHERE added_by = '42'`); n != 0 {
			t.Errorf("the raw user id is stored")
		}
		if list, _ := s.LibraryArticles(ctx, "g1", false); len(list) != 1 || list[0].Text != "" || list[0].Title != "Headline" {
			t.Errorf("LibraryArticles without text = %+v", list)
		}
		v1 := mustState(t, s, "g1").Version
		if v1 < 1 {
			t.Errorf("version after an addition = %d, want at least 1", v1)
		}

		// Another server's article is not removable from here.
		other := titles(t, s, "g2")
		g2 := mustState(t, s, "g2").Version
		otherID := mustAdd(t, s, "g2", "", "Second")
		if err := s.RemoveArticle(ctx, "g1", otherID); !errors.Is(err, ErrUnknownArticle) {
			t.Errorf("RemoveArticle of g2's article from g1: %v, want ErrUnknownArticle", err)
		}
		if got := titles(t, s, "g2"); len(got) != len(other)+1 {
			t.Errorf("g2 after a refused removal from g1 = %v", got)
		}
		if v := mustState(t, s, "g2").Version; v != g2+1 {
			t.Errorf("g2 version = %d, want %d (one addition)", v, g2+1)
		}

		if err := s.RemoveArticle(ctx, "g1", id); err != nil {
			t.Fatal(err)
		}
		if got := titles(t, s, "g1"); len(got) != 0 {
			t.Errorf("g1 after removal = %v, want none", got)
		}
		if err := s.RemoveArticle(ctx, "g1", id); !errors.Is(err, ErrUnknownArticle) {
			t.Errorf("RemoveArticle twice: %v, want ErrUnknownArticle", err)
		}
		v2 := mustState(t, s, "g1").Version
		if v2 <= v1 {
			t.Errorf("version after a removal = %d, want more than %d", v2, v1)
		}

		if err := s.SetLibraryDefaults(ctx, "g1", false); err != nil {
			t.Fatal(err)
		}
		if err := s.SetTeacherRole(ctx, "g1", "777"); err != nil {
			t.Fatal(err)
		}
		st := mustState(t, s, "g1")
		if st.Defaults || st.TeacherRole != "777" || st.Version != v2+2 {
			t.Errorf("Library(g1) = %+v, want defaults off, teacher role 777, version %d", st, v2+2)
		}
		if st := mustState(t, s, "g3"); !st.Defaults || st.Version != 0 {
			t.Errorf("settings of g1 leaked to g3: %+v", st)
		}
		if err := s.SetTeacherRole(ctx, "g3", "1"); err != nil {
			t.Fatal(err)
		}
		if st := mustState(t, s, "g3"); !st.Defaults || st.TeacherRole != "1" {
			t.Errorf("a teacher role on a new server turned its defaults off: %+v", st)
		}
	})
}

func TestLibraryLimits(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		s := mustOpen(t, e.dsn(t))
		add := func(guild, user string, lim Limits) error {
			_, err := s.AddArticle(ctx, LibraryArticle{GuildID: guild, Title: "t", Text: "t\n\nx", Passages: 1}, user, lim)
			return err
		}
		full := Limits{MaxArticles: 2}
		for i := range 2 {
			if err := add("g", "", full); err != nil {
				t.Fatalf("addition %d: %v", i+1, err)
			}
		}
		if err := add("g", "", full); !errors.Is(err, ErrLibraryFull) {
			t.Errorf("third article with MaxArticles 2: %v, want ErrLibraryFull", err)
		}
		if err := add("other", "", full); err != nil {
			t.Errorf("another server's library is not full: %v", err)
		}
		if n := len(titles(t, s, "g")); n != 2 {
			t.Errorf("g has %d articles after a refused addition, want 2", n)
		}

		hourly := Limits{MaxPerHour: 2}
		for i := range 2 {
			if err := add("h", "teacher", hourly); err != nil {
				t.Fatalf("addition %d: %v", i+1, err)
			}
		}
		if err := add("h", "teacher", hourly); !errors.Is(err, ErrTooManyAdditions) {
			t.Errorf("third addition in an hour: %v, want ErrTooManyAdditions", err)
		}
		// Removing does not give an addition back: otherwise add and
		// remove could run without bound.
		as, _ := s.LibraryArticles(ctx, "h", false)
		if err := s.RemoveArticle(ctx, "h", as[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := add("h", "teacher", hourly); !errors.Is(err, ErrTooManyAdditions) {
			t.Errorf("addition after a removal: %v, want ErrTooManyAdditions", err)
		}
		if err := add("h", "another teacher", hourly); err != nil {
			t.Errorf("another teacher: %v", err)
		}
		if err := add("h", "", hourly); err != nil {
			t.Errorf("the CLI is not limited per hour: %v", err)
		}
		// An hour later the limit is lifted.
		if _, err := s.db.ExecContext(ctx, `UPDATE library_additions SET at_ms = at_ms - 3600001`); err != nil {
			t.Fatal(err)
		}
		if err := add("h", "teacher", hourly); err != nil {
			t.Errorf("addition an hour later: %v", err)
		}
		if got := count(t, s, `SELECT COUNT(*) FROM library_additions WHERE user_hash = ?`, s.UserHash("teacher")); got != 1 {
			t.Errorf("additions kept for teacher = %d, want only the last hour's (1)", got)
		}
	})
}

// TestLibraryLimitConcurrent adds from several stores at once: the
// version row makes them take turns, so the limit holds.
func TestLibraryLimitConcurrent(t *testing.T) {
	const max, tries = 3, 8
	forEachEngine(t, func(t *testing.T, e engine) {
		if !e.reopen {
			t.Skip("each Open of \":memory:\" is its own database")
		}
		dsn := e.dsn(t)
		stores := []*Store{mustOpen(t, dsn), mustOpen(t, dsn)}
		var wg sync.WaitGroup
		var mu sync.Mutex
		added := 0
		for i := range tries {
			wg.Go(func() {
				_, err := stores[i%2].AddArticle(context.Background(), LibraryArticle{GuildID: "g", Title: "t", Text: "t\n\nx"}, "", Limits{MaxArticles: max})
				switch {
				case err == nil:
					mu.Lock()
					added++
					mu.Unlock()
				case !errors.Is(err, ErrLibraryFull):
					t.Errorf("AddArticle: %v", err)
				}
			})
		}
		wg.Wait()
		if n := len(titles(t, stores[0], "g")); added != max || n != max {
			t.Errorf("%d concurrent additions with MaxArticles %d: %d succeeded, %d stored", tries, max, added, n)
		}
		if v := mustState(t, stores[1], "g").Version; v != int64(max) {
			t.Errorf("version = %d, want %d: a refused addition rolls its bump back", v, max)
		}
	})
}
