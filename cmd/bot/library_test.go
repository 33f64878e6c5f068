package main

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const floodQuestion = "when did the schools reopen after the flood?"

// TestLibraryCLI adds an article to one server's library from the command
// line and checks every command that takes --guild answers from it there,
// and nowhere else; then removes it.
func TestLibraryCLI(t *testing.T) {
	vars := map[string]string{"BOT_DB": filepath.Join(t.TempDir(), "bot.db")}
	bot := func(args ...string) string {
		t.Helper()
		out, errOut, err := runBot(t, vars, args...)
		if err != nil {
			t.Fatalf("bot %s: %v\n%s", strings.Join(args, " "), err, errOut)
		}
		return out
	}
	out := bot("library", "add", "--guild", "111", "testdata/library/schools.txt")
	for _, want := range []string{"Schools reopen after the flood", "The Riverside Courier · 2025-03-14 · 4 passages",
		"https://courier.example/2025/03/schools-reopen", "first passage: RIVERSIDE — All twelve", "Added to server 111 as "} {
		if !strings.Contains(out, want) {
			t.Errorf("library add printed %q, want it to contain %q", out, want)
		}
	}

	var list libraryJSON
	if err := json.Unmarshal([]byte(bot("library", "list", "--guild", "111", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Articles) != 1 || list.Articles[0].Title != "Schools reopen after the flood" || list.Articles[0].AddedBy != "command line" ||
		list.Articles[0].From != "schools.txt" || list.Articles[0].Passages != 4 {
		t.Fatalf("library list --json = %+v", list)
	}
	id := list.Articles[0].ID

	if out := bot("ask", "--guild", "111", floodQuestion); !strings.Contains(out, "reopened on Thursday") || !strings.Contains(out, "The Riverside Courier") {
		t.Errorf("ask --guild 111 = %q, want the flood article's passage", out)
	}
	for _, args := range [][]string{{"ask", "--guild", "222", floodQuestion}, {"ask", floodQuestion}} {
		if out := bot(args...); !strings.HasPrefix(out, "I don't have that in my articles.") {
			t.Errorf("bot %s = %q: another server sees server 111's article", strings.Join(args, " "), out)
		}
	}
	if out := bot("ask", "--guild", "111", "what did China say about proof?"); !strings.Contains(out, "Reuters") {
		t.Errorf("ask --guild 111 on the default articles = %q", out)
	}
	var sources sourcesJSON
	if err := json.Unmarshal([]byte(bot("sources", "--guild", "111", "--json")), &sources); err != nil {
		t.Fatal(err)
	}
	if len(sources.Articles) != 3 || sources.Articles[2].ID != id {
		t.Errorf("sources --guild 111 = %+v, want the two default articles and %s", sources.Articles, id)
	}
	if out := bot("compare", "--guild", "111", floodQuestion); !strings.Contains(out, "The Riverside Courier") {
		t.Errorf("compare --guild 111 = %q", out)
	}
	if out := bot("timeline", "--guild", "111", "--json"); !strings.Contains(out, `"2025-03-13"`) {
		t.Errorf("timeline --guild 111 has no day 2025-03-13 (the Thursday before the article's Friday): %s", out)
	}
	if out := bot("quote", "--guild", "111", "the children are back where they belong"); !strings.Contains(out, "Dana Okafor") {
		t.Errorf("quote --guild 111 = %q, want the superintendent", out)
	}
	tsv := filepath.Join(t.TempDir(), "q.tsv")
	if err := os.WriteFile(tsv, []byte(floodQuestion+"\treopened on Thursday\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bot("eval", "--guild", "111", tsv)
	if _, _, err := runBot(t, vars, "eval", "--guild", "222", tsv); err == nil {
		t.Errorf("eval --guild 222 passed a question only server 111 can answer")
	}

	out = bot("library", "remove", "--guild", "111", "schools reopen after the flood")
	if !strings.Contains(out, "Removed “Schools reopen after the flood” ("+id+")") {
		t.Errorf("library remove = %q", out)
	}
	if out := bot("ask", "--guild", "111", floodQuestion); !strings.HasPrefix(out, "I don't have that in my articles.") {
		t.Errorf("after removal, ask --guild 111 = %q", out)
	}
	if out := bot("library", "list", "--guild", "111"); !strings.Contains(out, "no articles of its own") {
		t.Errorf("library list after removal = %q", out)
	}
}

func TestLibraryAddLink(t *testing.T) {
	// The page internal/extract tests readability on.
	page, err := os.ReadFile("../../internal/extract/testdata/blog-jsonld.html")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	defer srv.Close()
	vars := map[string]string{"BOT_DB": filepath.Join(t.TempDir(), "bot.db")}

	// The fetcher never reaches loopback...
	_, _, err = runBot(t, vars, "library", "add", "--guild", "111", srv.URL+"/council")
	if err == nil || !strings.Contains(err.Error(), "private or reserved network") {
		t.Fatalf("library add of a loopback link: %v, want it refused", err)
	}
	// ...unless a test lets it reach its own server.
	fetchAllowForTests = []netip.AddrPort{netip.MustParseAddrPort(srv.Listener.Addr().String())}
	defer func() { fetchAllowForTests = nil }()
	out, errOut, err := runBot(t, vars, "library", "add", "--guild", "111", srv.URL+"/council")
	if err != nil {
		t.Fatalf("library add %s: %v\n%s", srv.URL, err, errOut)
	}
	for _, want := range []string{"Council votes to keep the library open", "Northside Notes · 2024-11-05", "by Sam Lee", srv.URL + "/council"} {
		if !strings.Contains(out, want) {
			t.Errorf("library add printed %q, want %q", out, want)
		}
	}
	out, _, err = runBot(t, vars, "ask", "--guild", "111", "how did the council vote on the library?")
	if err != nil || !strings.Contains(out, "voted 6 to 3") {
		t.Errorf("ask --guild 111 = %q, %v", out, err)
	}
	_, _, err = runBot(t, vars, "library", "add", "--guild", "111", srv.URL+"/council")
	if err == nil || !strings.Contains(err.Error(), "already in the server's library") {
		t.Errorf("adding the page twice: %v", err)
	}
}

func TestLibraryCLIErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bot.db")
	vars := map[string]string{"BOT_DB": db}
	big := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(big, []byte("Headline\n\n"+strings.Repeat("A sentence of the article. ", 60)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args  []string
		vars  map[string]string
		usage bool
		want  string
	}{
		{[]string{"library"}, vars, true, "library: want one of: add, list, remove"},
		{[]string{"library", "rename"}, vars, true, "library: want one of: add, list, remove"},
		{[]string{"library", "add", "testdata/library/schools.txt"}, vars, true, "--guild ID is required"},
		{[]string{"library", "add", "--guild", "my-class", "testdata/library/schools.txt"}, vars, true, `"my-class" is not a server id`},
		{[]string{"library", "add", "--guild", "111"}, vars, true, "want one FILE or URL"},
		{[]string{"library", "add", "--guild", "111", "testdata/library/broken.txt"}, vars, false,
			`broken.txt: bad metadata block: line 3: date "last Tuesday" is not YYYY-MM-DD`},
		{[]string{"library", "add", "--guild", "111", "ftp://example.com/a.txt"}, vars, false, "no such file"},
		{[]string{"library", "add", "--guild", "111", "testdata/library/schools.txt"}, map[string]string{"BOT_DB": "off"}, false, "BOT_DB=off"},
		{[]string{"library", "add", "--guild", "111", "testdata/library/schools.txt"}, map[string]string{"BOT_DB": db, "BOT_LIBRARY_MAX_KIB": "2048"}, true, `BOT_LIBRARY_MAX_KIB: "2048": want a whole number from 1 to 1024`},
		{[]string{"library", "add", "--guild", "111", big}, map[string]string{"BOT_DB": db, "BOT_LIBRARY_MAX_KIB": "1"}, false, "larger than the limit (2 KiB; the limit is 1 KiB)"},
		{[]string{"library", "remove", "--guild", "111", "nothing"}, vars, false, "no such article"},
		{[]string{"ask", "--guild", "111", floodQuestion}, map[string]string{"BOT_DB": filepath.Join(t.TempDir(), "none.db")}, false, "no feedback store at"},
		{[]string{"ask", "--guild", "x1", floodQuestion}, vars, true, "is not a server id"},
	} {
		_, _, err := runBot(t, tc.vars, tc.args...)
		var u usageError
		if err == nil || !strings.Contains(err.Error(), tc.want) || errors.As(err, &u) != tc.usage {
			t.Errorf("bot %s: %v, want an error (usage %v) containing %q", strings.Join(tc.args, " "), err, tc.usage, tc.want)
		}
	}
}

func TestLibrarySettings(t *testing.T) {
	for _, tc := range []struct {
		name, v, want string // want "" means refused
	}{
		{"BOT_LIBRARY_CHECK", "500ms", "500ms"},
		{"BOT_LIBRARY_CHECK", "0s", ""},
		{"BOT_LIBRARY_CHECK", "soon", ""},
		{"BOT_FETCH_TIMEOUT", "2s", "2s"},
		{"BOT_FETCH_TIMEOUT", "-1s", ""},
		{"BOT_FETCH_TIMEOUT", "2m", ""},
		{"BOT_LIBRARY_CHECK", "1h", "1h0m0s"},
		{"BOT_LIBRARY_CHECK", "2h", ""},
		{"BOT_ATTACHMENT_HOSTS", " CDN.example , media.example ", "cdn.example,media.example"},
		{"BOT_ATTACHMENT_HOSTS", "https://cdn.example/", ""},
		{"BOT_ATTACHMENT_HOSTS", " , ", ""},
	} {
		cfg, err := loadSettings(map[string]string{tc.name: tc.v})
		if tc.want == "" {
			var u usageError
			if !errors.As(err, &u) || !strings.Contains(err.Error(), tc.name) {
				t.Errorf("%s=%q: %v, want a usage error naming it", tc.name, tc.v, err)
			}
			continue
		}
		s, _ := lookupSetting(tc.name)
		if err != nil || s.value(&cfg).String() != tc.want {
			t.Errorf("%s=%q reads as %q, %v; want %q", tc.name, tc.v, s.value(&cfg).String(), err, tc.want)
		}
	}
}
