package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sourcebot/newsbot/internal/articles"
	"github.com/sourcebot/newsbot/internal/quality"
	"github.com/sourcebot/newsbot/internal/store"
)

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// runBot runs the program as a user would, with the given environment and
// no .env file.
func runBot(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, func(k string) string { return env[k] }, noDotenv, &out, &errOut)
	return out.String(), errOut.String(), err
}

func noDotenv() (map[string]string, error) { return nil, nil }

// testEnv is what a command runs with, configured from vars alone.
func testEnv(t *testing.T, vars map[string]string) *env {
	t.Helper()
	e := &env{cfg: defaultConfig(), stdout: io.Discard, stderr: io.Discard, log: discardLogger(), secrets: &secrets{}}
	names := make([]string, len(settings))
	for i, s := range settings {
		names[i] = s.env
	}
	l, err := newLoader(&e.cfg, names, nil)
	if err != nil {
		t.Fatal(err)
	}
	l.read(func(k string) string { return vars[k] }, nil, e.secrets)
	if err := l.done(flag.NewFlagSet("test", flag.ContinueOnError)); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestAskPrintsPassageAndCitation(t *testing.T) {
	out, _, err := runBot(t, nil, "ask", "what did China say about proof?")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[0], "China said on Monday (December 22) that it opposed all forms of cyber attacks but there was no proof yet that North Korea was responsible") {
		t.Errorf("first line = %q, want the Reuters passage", lines[0])
	}
	if want := "— Reuters, 2014-12-22, “China condemns cyberattacks, but says no proof Nokor hacked Sony”"; lines[1] != want {
		t.Errorf("second line = %q, want %q", lines[1], want)
	}
}

func TestAskPrintsURLWhenTheArticleHasOne(t *testing.T) {
	out, _, err := runBot(t, nil, "ask", "What did the Global Times editorial say?")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "— AFP, 2014-12-22, “China condemns 'cyber terrorism' in wake of Sony attack”\n  https://phys.org/news/2014-12-china-condemns-cyber-terrorism-sony.html\n") {
		t.Errorf("output lacks the AFP citation and link:\n%s", out)
	}
}

func TestAskNoAnswerNamesWhatIsCovered(t *testing.T) {
	out, _, err := runBot(t, nil, "ask", "What is the capital of France?")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"I don't have that", "China condemns cyberattacks, but says no proof Nokor hacked Sony", "AFP, 2014-12-22"} {
		if !strings.Contains(out, want) {
			t.Errorf("no-answer output lacks %q:\n%s", want, out)
		}
	}
}

func TestAskJSON(t *testing.T) {
	type result struct {
		Text, Title, Source, Date, URL string
		Score                          float64
		PassageID                      string `json:"passage_id"`
	}
	var got struct {
		Question     string
		Answer       *result
		Alternatives []result
	}
	out, _, err := runBot(t, nil, "ask", "--json", "what did China say about proof?")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, out)
	}
	a := got.Answer
	if got.Question != "what did China say about proof?" || a == nil || a.Source != "Reuters" || a.Date != "2014-12-22" ||
		a.Title != "China condemns cyberattacks, but says no proof Nokor hacked Sony" || a.URL != "" || a.Score <= 0 ||
		a.PassageID != "000_e50f249042850110/2" || !strings.HasPrefix(a.Text, "China said on Monday") {
		t.Errorf("ask --json = %+v, answer %+v", got, a)
	}

	out, _, err = runBot(t, nil, "ask", "What is the capital of France?", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	if string(raw["answer"]) != "null" || string(raw["alternatives"]) != "[]" {
		t.Errorf("no-answer JSON = %s, want answer null and alternatives []", out)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"ask"}, "question is empty"},
		{[]string{"ask", "  "}, "question is empty"},
		{[]string{"ask", "--json", ""}, "question is empty"},
		{[]string{"ask", strings.Repeat("proof ", 1000)}, "longer than"},
		{[]string{"ask", "--nope", "x"}, "flag provided but not defined"},
		{[]string{"frobnicate"}, "unknown command"},
		{nil, "no command"},
		{[]string{"eval"}, "want one question file"},
		{[]string{"index"}, "say where to write the index"},
		{[]string{"compare"}, "question is empty"},
		{[]string{"timeline", "what?"}, "unexpected argument"},
		{[]string{"quote", " "}, "quotation is empty"},
		{[]string{"index", "--out", "x", "extra"}, "unexpected argument"},
		{[]string{"ask", "--read-only", "why?"}, "--read-only needs --index"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, _, err := runBot(t, nil, tt.args...)
			var u usageError
			if !errors.As(err, &u) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run(%q) = %v, want a usage error with %q", tt.args, err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("usage error spans lines: %q", err)
			}
		})
	}
}

// TestIndexCommand: `bot index` builds once; ask reuses it while the
// articles match, rebuilds it (and says so) when they change, and a held
// index is a clear error, not a hang.
func TestIndexCommand(t *testing.T) {
	dataDir := t.TempDir()
	for _, name := range []string{"000_e50f249042850110.txt", "003_015fcc609321ff52.txt"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "data", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dataDir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dataDir, "empty.txt"), nil, 0o644)
	indexDir := filepath.Join(t.TempDir(), "idx")

	out, progress, err := runBot(t, nil, "index", "--data", dataDir, "--out", indexDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"indexed 2 articles, 20 passages", "skipped 1 files", "empty.txt: empty file"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(progress, "indexing: 20/20 passages (100%)") {
		t.Errorf("no plain progress lines off a terminal:\n%s", progress)
	}

	ask := func(env map[string]string) (string, string) {
		t.Helper()
		out, logs, err := runBot(t, env, "ask", "--data", dataDir, "--index", indexDir, "what did China say about proof?")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(out, "China said on Monday (December 22)") {
			t.Errorf("answer from the disk index:\n%s", out)
		}
		return out, logs
	}
	if _, logs := ask(nil); strings.Contains(logs, "rebuilding") {
		t.Errorf("a matching index was rebuilt:\n%s", logs)
	}
	os.WriteFile(filepath.Join(dataDir, "010_more.txt"), []byte("Another headline\n\nA paragraph long enough to be a passage about something else entirely.\n"), 0o644)
	if _, logs := ask(map[string]string{"BOT_INDEX_READ_ONLY": "true"}); !strings.Contains(logs, "in memory") {
		t.Errorf("a stale read-only index was not reported:\n%s", logs)
	}
	if _, logs := ask(nil); !strings.Contains(logs, "rebuilding the index") || !strings.Contains(logs, "changed") {
		t.Errorf("a stale index was not rebuilt with a warning:\n%s", logs)
	}

	held, err := articles.Open(context.Background(), articles.Options{Data: dataDir, Index: indexDir})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	_, _, err = runBot(t, nil, "ask", "--data", dataDir, "--index", indexDir, "why?")
	if err == nil || !strings.Contains(err.Error(), "in use by another process") || !strings.Contains(err.Error(), "--read-only") {
		t.Errorf("opening a held index: %v", err)
	}
	held.Close()
	// Replicas: read-only opens share it.
	shared, err := articles.Open(context.Background(), articles.Options{Data: dataDir, Index: indexDir, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer shared.Close()
	if _, logs := ask(map[string]string{"BOT_INDEX_READ_ONLY": "1"}); strings.Contains(logs, "rebuilding") || strings.Contains(logs, "in memory") {
		t.Errorf("a second read-only open did not reuse the index:\n%s", logs)
	}
}

func TestCompareJSON(t *testing.T) {
	var got struct {
		Question string
		Sources  []struct {
			Source string
			Answer *struct{ Text, Source, Date, Title string }
		}
	}
	out, _, err := runBot(t, nil, "compare", "--json", "What did the Global Times editorial say?")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, out)
	}
	if len(got.Sources) != 2 || got.Sources[0].Source != "AFP" || got.Sources[0].Answer == nil ||
		got.Sources[1].Source != "Reuters" || got.Sources[1].Answer != nil ||
		!strings.HasPrefix(got.Sources[0].Answer.Text, "The motives behind the making of the film") || got.Sources[0].Answer.Date != "2014-12-22" {
		t.Errorf("compare --json = %s", out)
	}
	human, _, err := runBot(t, nil, "compare", "What did the Global Times editorial say?")
	if err != nil || !strings.Contains(human, "== Reuters\nReuters has nothing on this.") || !strings.Contains(human, "== AFP\nThe motives behind") {
		t.Errorf("compare = %v\n%s", err, human)
	}
}

func TestTimelineJSON(t *testing.T) {
	var got struct {
		Days []struct {
			Date   string
			Events []struct{ Phrase, Text, Source, Date, PassageID string }
		}
	}
	out, _, err := runBot(t, nil, "timeline", "--json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, out)
	}
	var dates []string
	for _, d := range got.Days {
		dates = append(dates, d.Date)
	}
	if strings.Join(dates, " ") != "2014-12-19 2014-12-20 2014-12-21 2014-12-22" {
		t.Errorf("days = %v", dates)
	}
	if len(got.Days) > 1 && (got.Days[1].Events[0].Phrase != "on Saturday" || got.Days[1].Events[0].Source != "AFP" ||
		!strings.Contains(got.Days[1].Events[0].Text, "senseless cultural arrogance")) {
		t.Errorf("2014-12-20 = %+v", got.Days[1])
	}
	when, _, err := runBot(t, nil, "ask", "--json", "When did the Global Times publish its editorial?")
	if err != nil || !strings.Contains(when, `"when": "2014-12-20"`) {
		t.Errorf("ask --json on a when question: %v\n%s", err, when)
	}
}

func TestQuote(t *testing.T) {
	tests := []struct {
		words, speaker, how, source string
	}{
		{"senseless cultural arrogance", "the Global Times", "in an editorial", "AFP"},
		{"an act of cyber-vandalism", "Barack Obama", "in an interview with CNN", "AFP"},
		{"We resolutely oppose all forms of cyberattacks", "Hua Chunying", "at a regular news conference in Beijing", "Reuters"},
	}
	for _, tt := range tests {
		out, _, err := runBot(t, nil, "quote", "--json", tt.words)
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Quote *struct{ Quote, Speaker, How, Source, Text string }
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("output is not one JSON object: %v\n%s", err, out)
		}
		if q := got.Quote; q == nil || q.Speaker != tt.speaker || q.How != tt.how || q.Source != tt.source || !strings.Contains(q.Text, q.Quote) {
			t.Errorf("quote %q = %s", tt.words, out)
		}
	}
	out, _, err := runBot(t, nil, "quote", "I have a dream")
	if err != nil || !strings.Contains(out, "can't find that quotation") || !strings.Contains(out, "They cover:") {
		t.Errorf("an unknown quotation: %v\n%s", err, out)
	}
}

// TestGapsCommand: `bot gaps` reads the store the bot wrote and shows a
// teacher what to add.
func TestGapsCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bot.db")
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []store.Interaction{
		{UserID: "1", Command: "ask", Question: "Who won the World Cup?"},
		{UserID: "2", Command: "ask", Question: "who won the world cup"},
		{UserID: "3", Command: "ask", Question: "what did China say about proof?", Answered: true, PassageID: "000_e50f249042850110/2"},
	} {
		if _, err := s.Record(context.Background(), in); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()

	out, _, err := runBot(t, map[string]string{"BOT_DB": db}, "gaps")
	if err != nil {
		t.Fatal(err)
	}
	// Two wordings, one each: either may stand for the group.
	if !strings.Contains(strings.ToLower(out), "2×  who won the world cup") || !strings.Contains(out, "2 without an answer") || strings.Contains(out, "proof") {
		t.Errorf("bot gaps:\n%s", out)
	}
	js, _, err := runBot(t, map[string]string{"BOT_DB": db}, "gaps", "--json")
	var gaps []struct {
		Question string
		Count    int
	}
	if err != nil || json.Unmarshal([]byte(js), &gaps) != nil || len(gaps) != 1 || gaps[0].Count != 2 {
		t.Errorf("bot gaps --json = %v\n%s", err, js)
	}
	if _, _, err := runBot(t, map[string]string{"BOT_DB": "off"}, "gaps"); err == nil {
		t.Error("bot gaps with BOT_DB=off succeeded")
	}
}

func TestSourcesJSON(t *testing.T) {
	out, _, err := runBot(t, nil, "sources", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var all sourcesJSON
	if err := json.Unmarshal([]byte(out), &all); err != nil {
		t.Fatal(err)
	}
	got := all.Articles
	want := []sourceJSON{
		{"000_e50f249042850110", "China condemns cyberattacks, but says no proof Nokor hacked Sony", "Reuters", "2014-12-22", "", 10},
		{"003_015fcc609321ff52", "China condemns 'cyber terrorism' in wake of Sony attack", "AFP", "2014-12-22", "https://phys.org/news/2014-12-china-condemns-cyber-terrorism-sony.html", 10},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("sources --json = %+v\nwant %+v", got, want)
	}
}

// brokenDataDir is an articles directory of one good file (the AFP seed,
// as good.txt) and one binary file, broken.txt.
func brokenDataDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	good, err := os.ReadFile("../../data/003_015fcc609321ff52.txt")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "good.txt"), good, 0o644)
	os.WriteFile(filepath.Join(dir, "broken.txt"), []byte("\xff\xfe\x00\x01binary"), 0o644)
	return dir
}

// TestDataDirSkipsBrokenFiles drops a broken file next to a good one: the
// good one answers and the broken one is reported by name.
func TestDataDirSkipsBrokenFiles(t *testing.T) {
	dir := brokenDataDir(t)

	out, errOut, err := runBot(t, map[string]string{"BOT_DATA": dir}, "ask", "What did the Global Times say?")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "senseless cultural arrogance") {
		t.Errorf("answer from --data dir = %q", out)
	}
	if !strings.Contains(errOut, "broken.txt") {
		t.Errorf("stderr does not name the broken file: %q", errOut)
	}
}

func TestDotEnvIsRead(t *testing.T) {
	seeds, err := filepath.Abs("../../data")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	empty := filepath.Join(dir, "articles")
	os.Mkdir(empty, 0o755)
	dotenv := filepath.Join(dir, ".env")
	os.WriteFile(dotenv, []byte("BOT_DATA="+empty+"\n"), 0o600)
	sources := func(env map[string]string, args ...string) error {
		return run(context.Background(), append([]string{"sources"}, args...), func(k string) string { return env[k] }, dotenvFile(dotenv), io.Discard, io.Discard)
	}

	if err := sources(nil); err == nil || !strings.Contains(err.Error(), "no readable article files") {
		t.Errorf("with BOT_DATA from .env pointing at an empty dir, err = %v", err)
	}
	// The environment wins over .env, and a flag over both.
	if err := sources(map[string]string{"BOT_DATA": seeds}); err != nil {
		t.Errorf("environment did not override .env: %v", err)
	}
	if err := sources(map[string]string{"BOT_DATA": empty}, "--data", seeds); err != nil {
		t.Errorf("--data did not override the environment: %v", err)
	}
	// No .env is no error; one that cannot be read is.
	if err := run(context.Background(), []string{"sources"}, func(string) string { return "" }, dotenvFile(filepath.Join(dir, "none")), io.Discard, io.Discard); err != nil {
		t.Errorf("without a .env: %v", err)
	}
	os.Mkdir(filepath.Join(dir, "dir.env"), 0o755)
	if err := run(context.Background(), []string{"sources"}, func(string) string { return "" }, dotenvFile(filepath.Join(dir, "dir.env")), io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "dir.env") {
		t.Errorf("with a .env that is a directory: %v, want an error naming it", err)
	}
}

// TestEvalDevSet gates the engine on the development question set.
func TestEvalDevSet(t *testing.T) {
	out, _, err := runBot(t, nil, "eval", "../../testdata/dev.tsv")
	if err != nil {
		t.Fatalf("eval dev.tsv: %v\n%s", err, out)
	}
	if !strings.Contains(out, "answered: 11/11") || !strings.Contains(out, "abstained: 3/3") {
		t.Errorf("eval dev.tsv:\n%s", out)
	}
}

// TestEvalHeldOut keeps the engine at or above its score on questions
// written independently of it, on the real articles and on two articles
// about another event. The floors are today's scores, so they only stop
// regressions: raise them as the engine improves, never lower them to
// pass. (They were lowered once, when the synonym groups written for these
// very questions were removed; the engine's own gate is its
// cross-validated SQuAD figure, in cmd/tune.)
func TestEvalHeldOut(t *testing.T) {
	unseenDir, err := filepath.Abs("../../testdata/heldout/articles")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, dir, file          string
		minAnswered, minAbstains int
	}{
		{"seed articles", "", "../../testdata/heldout/seeds.tsv", 31, 14},
		{"unseen articles", unseenDir, "../../testdata/heldout/articles.tsv", 13, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := os.Open(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			cases, err := quality.Parse(f)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			e := testEnv(t, map[string]string{"BOT_DATA": tt.dir})
			lib, err := open(context.Background(), e)
			if err != nil {
				t.Fatal(err)
			}
			defer lib.Close()
			s, err := evaluate(context.Background(), lib.Engine, nil, cases, &b)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("answered %d/%d, abstained %d/%d", s.Top1, s.Answerable, s.Abstained, s.Unanswerable)
			if s.Top1 < tt.minAnswered || s.Abstained < tt.minAbstains {
				t.Errorf("answered %d/%d (floor %d), abstained %d/%d (floor %d)\n%s",
					s.Top1, s.Answerable, tt.minAnswered, s.Abstained, s.Unanswerable, tt.minAbstains, b.String())
			}
		})
	}
}

// TestUnseenArticleMetadata checks source and date on articles the engine
// was not written against.
func TestUnseenArticleMetadata(t *testing.T) {
	raw, err := os.ReadFile("../../testdata/heldout/metadata.tsv")
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := runBot(t, nil, "sources", "--json", "--data", "../../testdata/heldout/articles")
	if err != nil {
		t.Fatal(err)
	}
	var got sourcesJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	byFile := map[string]sourceJSON{}
	for _, s := range got.Articles {
		byFile[s.ID+".txt"] = s
	}
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		s := byFile[f[0]]
		if s.Title != f[1] || s.Source != f[2] || s.Date != f[3] || s.URL != f[4] {
			t.Errorf("%s: got %q %q %q %q, want %q", f[0], s.Title, s.Source, s.Date, s.URL, f[1:])
		}
	}
}

// TestOwnerIDsValidated: BOT_OWNER_IDS, who may /reload, is checked with
// the rest of the configuration, before anything listens or loads.
func TestOwnerIDsValidated(t *testing.T) {
	env := map[string]string{"DISCORD_PUBLIC_KEY": strings.Repeat("00", 32), "BOT_OWNER_IDS": "1400000000000000001, alice"}
	_, _, err := runBot(t, env, "http", "--addr", "127.0.0.1:0")
	var u usageError
	if !errors.As(err, &u) || !strings.Contains(err.Error(), `BOT_OWNER_IDS: "alice" is not a Discord id`) {
		t.Errorf("http with BOT_OWNER_IDS=%q: %v, want a usage error naming it", env["BOT_OWNER_IDS"], err)
	}
}

// TestMaxConnsValidated: HTTP_MAX_CONNS must be a positive whole number.
func TestMaxConnsValidated(t *testing.T) {
	for _, v := range []string{"0", "many"} {
		env := map[string]string{"DISCORD_PUBLIC_KEY": strings.Repeat("00", 32), "HTTP_MAX_CONNS": v}
		_, _, err := runBot(t, env, "http", "--addr", "127.0.0.1:0")
		var u usageError
		if !errors.As(err, &u) || !strings.Contains(err.Error(), "HTTP_MAX_CONNS") {
			t.Errorf("http with HTTP_MAX_CONNS=%q: %v, want a usage error naming it", v, err)
		}
	}
}

// TestHelpListsCommandsInColumns: `bot help` names each command, and each
// summary starts in one column, apart from the longest name.
func TestHelpListsCommandsInColumns(t *testing.T) {
	out, _, err := runBot(t, nil, "help")
	if err != nil {
		t.Fatal(err)
	}
	_, list, ok := strings.Cut(out, "commands:\n")
	if !ok {
		t.Fatalf("help = %q, want a command list", out)
	}
	col := -1
	for _, line := range strings.Split(strings.TrimRight(list, "\n"), "\n") {
		name := strings.TrimPrefix(line, "  ")
		i := strings.Index(name, "  ")
		if i < 0 || strings.TrimSpace(name[i:]) == "" {
			t.Fatalf("help line %q: no summary apart from the name", line)
		}
		j := len(line) - len(strings.TrimLeft(name[i:], " "))
		if col < 0 {
			col = j
		}
		if j != col {
			t.Errorf("help line %q: summary at column %d, want %d", line, j, col)
		}
	}
}
