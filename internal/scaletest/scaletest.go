// Package scaletest supplies the scale benchmarks: corpora of a given
// number of passages with questions about them, and the process's resident
// memory.
//
// Corpora are generated once and kept under the system's temporary
// directory, never in the repository.
package scaletest

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sourcebot/newsbot/data"
	"github.com/sourcebot/newsbot/internal/synth"
)

// Sizes are the corpus sizes the benchmarks run at, in passages: the
// embedded articles, then synthetic corpora.
var Sizes = []int{20, 1_000, 10_000, 100_000}

// SeedSize is the size of the embedded articles.
const SeedSize = 20

// Question is a question with the passage that answers it ("" when any
// good passage will do).
type Question struct{ Text, PassageID string }

// Corpus returns the article directory of about passages passages ("" for
// the embedded articles at SeedSize) and questions to ask of it.
func Corpus(passages int) (dir string, questions []Question, err error) {
	if passages <= SeedSize {
		questions, err := seedQuestions()
		return "", questions, err
	}
	opt := synth.Options{Passages: passages, Seed: 1}
	dir = filepath.Join(os.TempDir(), fmt.Sprintf("newsbot-synth-%d-seed%d-v%d", opt.Passages, opt.Seed, synth.Version))
	if err := generate(dir, opt); err != nil {
		return "", nil, err
	}
	qs, err := synth.Questions(dir, 200, opt.Seed)
	if err != nil {
		return "", nil, err
	}
	for _, q := range qs {
		questions = append(questions, Question{Text: q.Text, PassageID: q.PassageID})
	}
	return dir, questions, nil
}

// seedQuestions are the example questions of the embedded articles.
func seedQuestions() ([]Question, error) {
	raw, err := data.FS.ReadFile(data.ExamplesFile)
	if err != nil {
		return nil, err
	}
	var questions []Question
	for _, line := range strings.Split(string(raw), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			questions = append(questions, Question{Text: line})
		}
	}
	return questions, nil
}

// generate writes the corpus of opt into dir unless an earlier run
// completed it there.
func generate(dir string, opt synth.Options) error {
	done := filepath.Join(dir, ".complete")
	if _, err := os.Stat(done); err == nil {
		return nil
	}
	// Start over: an earlier run may have stopped halfway.
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if _, err := synth.Generate(dir, opt); err != nil {
		return err
	}
	return os.WriteFile(done, nil, 0o644)
}

// IndexDir is where the benchmarks keep the on-disk index of a corpus; it
// is rebuilt whenever it does not match.
func IndexDir(passages int) string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("newsbot-bench-%d.idx", passages))
}

// Distinct makes the i-th question unlike every earlier one to the answer
// cache without changing what it asks: trailing punctuation is not read.
func Distinct(questions []Question, i int) Question {
	q := questions[i%len(questions)]
	n := i / len(questions)
	q.Text += " " + strings.Repeat("?", n%64+1) + strings.Repeat("!", n/64%64)
	return q
}

// ResetPeakRSS resets the kernel's high-water mark of this process's
// resident memory (Linux; elsewhere it does nothing).
func ResetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// ProcKB reads a "kB" line, such as VmRSS or VmHWM, of a process's
// /proc status (pid 0: this process); 0 where there is none.
func ProcKB(pid int, key string) int64 {
	name := "/proc/self/status"
	if pid != 0 {
		name = fmt.Sprintf("/proc/%d/status", pid)
	}
	raw, err := os.ReadFile(name)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}
