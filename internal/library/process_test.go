package library

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/sourcebot/newsbot/internal/answer"
)

// replicaEnv names the database a replica process serves; set only in
// the process TestReplicaProcesses starts.
const replicaEnv = "BOT_TEST_LIBRARY_REPLICA"

// TestReplicaProcesses runs a second process that, like a serving replica,
// keeps answering the flood question in server A from its own store
// handle and says what it answers from. This process adds the article,
// then removes it: the replica must follow each change within a few
// seconds.
func TestReplicaProcesses(t *testing.T) {
	if dsn := os.Getenv(replicaEnv); dsn != "" {
		serveReplica(t, dsn)
		return
	}
	if testing.Short() {
		t.Skip("starts a process")
	}
	for _, tc := range sharedStores {
		t.Run(tc.name, func(t *testing.T) {
			dsn := tc.dsn(t)
			here := newLibraries(t, openStore(t, dsn), Options{})
			cmd := exec.Command(os.Args[0], "-test.run=^TestReplicaProcesses$", "-test.v")
			cmd.Env = append(os.Environ(), replicaEnv+"="+dsn)
			cmd.Stderr = os.Stderr
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
			lines := make(chan string, 100)
			go func() {
				defer close(lines)
				sc := bufio.NewScanner(out)
				for sc.Scan() {
					lines <- sc.Text()
				}
			}()
			expect(t, lines, "answers from: none")
			added := mustAdd(t, here, "A", "schools.txt")
			start := time.Now()
			expect(t, lines, "answers from: "+added.ID)
			t.Logf("the replica answered from the added article after %v", time.Since(start).Round(time.Millisecond))
			if err := here.Remove(context.Background(), "A", added.ID); err != nil {
				t.Fatal(err)
			}
			start = time.Now()
			expect(t, lines, "answers from: none")
			t.Logf("the replica stopped answering from it after %v", time.Since(start).Round(time.Millisecond))
		})
	}
}

// expect waits up to 5 s for the replica to print want.
func expect(t *testing.T, lines <-chan string, want string) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("the replica exited before printing %q", want)
			}
			if l == want {
				return
			}
		case <-deadline:
			t.Fatalf("the replica did not print %q within 5s", want)
		}
	}
}

// serveReplica is the replica process: it prints what the flood question
// is answered from in A whenever that changes, for up to 30 s.
func serveReplica(t *testing.T, dsn string) {
	l := newLibraries(t, openStore(t, dsn), Options{CheckEvery: 200 * time.Millisecond})
	l.opt.Log = discard
	last := ""
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		e, err := l.Engine(context.Background(), "A")
		if err != nil {
			t.Fatal(err)
		}
		from := "none"
		ans, err := e.Ask(context.Background(), floodQuestion)
		switch {
		case err == nil:
			from = ans.Best.Article.ID
		case !errors.Is(err, answer.ErrNoAnswer):
			t.Fatal(err)
		}
		if from != last {
			fmt.Println("answers from: " + from)
			last = from
		}
	}
}
