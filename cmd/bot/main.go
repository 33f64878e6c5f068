// Command bot answers questions about a set of news articles with the best
// passage, quoted word for word, with its source, date and headline.
//
// Usage:
//
//	bot ask [--json] [--data DIR] [--index DIR] QUESTION      answer one question
//	bot sources [--json] [--data DIR] [--index DIR]           list the articles and the files skipped
//	bot compare [--json] [--data DIR] [--index DIR] QUESTION  each source's best passage
//	bot timeline [--json] [--data DIR] [--index DIR]          the dated events, in order
//	bot quote [--json] [--data DIR] [--index DIR] WORDS       who said this?
//	bot gaps [--json] [--days 30] [--guild ID]                unanswered questions (an existing BOT_DB)
//	bot eval [--data DIR] [--index DIR] [--baseline] FILE.tsv score a question set
//	bot library add --guild ID FILE|URL                       add an article to a server's library (BOT_DB)
//	bot library list [--json] --guild ID                      a server's articles
//	bot library remove --guild ID ARTICLE                     remove one, by id or headline
//	bot serve [--data DIR] [--index DIR]                      run the bot on Discord's gateway
//	bot register                                              register the slash commands, nothing else
//	bot http [--addr :8080] [--data DIR] [--index DIR]        serve Discord's HTTP interactions endpoint
//	bot index --out DIR [--data DIR]                          build an on-disk index
//
// Every command that takes --index DIR also takes --read-only, to share an
// on-disk index; ask, sources, compare, timeline, quote and eval take
// --guild ID, to answer from that server's library as the bot does there;
// bot COMMAND --help lists a command's flags. Without --data
// the articles embedded in the binary are used. Settings come from flags,
// then the environment, then a .env file in the working directory; see
// .env.example.
//
// Exit status: 0 on success (also when a question has no answer, and for
// --help), 2 on a usage error, 1 on any other failure.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, dotenvFile(".env"), os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bot:", err)
		var u usageError
		if errors.As(err, &u) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}
