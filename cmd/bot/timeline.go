package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/sourcebot/newsbot/internal/timeline"
)

func timelineCommand(f *flag.FlagSet) runner {
	asJSON := jsonFlag(f)
	return func(ctx context.Context, e *env, args []string) error { return runTimeline(ctx, e, args, *asJSON) }
}

func runTimeline(ctx context.Context, e *env, args []string, asJSON bool) error {
	if len(args) > 0 {
		return usagef("timeline: unexpected argument %q", args[0])
	}
	lib, err := open(ctx, e)
	if err != nil {
		return err
	}
	defer lib.Close()

	days := lib.Engine.Timeline()
	if asJSON {
		return writeJSON(e.stdout, timelineJSON(days))
	}
	printTimeline(e.stdout, days)
	return nil
}

// eventJSON is one dated passage, shaped as in ask --json, with the date
// phrase that places it.
type eventJSON struct {
	Phrase    string `json:"phrase"`
	Text      string `json:"text"`
	Title     string `json:"title"`
	Source    string `json:"source"`
	Date      string `json:"date"` // the article's date
	URL       string `json:"url"`
	PassageID string `json:"passage_id"`
}

type dayJSON struct {
	Date   string      `json:"date"`
	Events []eventJSON `json:"events"`
}

type timelineOut struct {
	Days []dayJSON `json:"days"`
}

func timelineJSON(days []timeline.Day) timelineOut {
	out := timelineOut{Days: []dayJSON{}}
	for _, d := range days {
		dj := dayJSON{Date: d.Date}
		for _, ev := range d.Events {
			a := ev.Article
			dj.Events = append(dj.Events, eventJSON{Phrase: ev.Phrase, Text: ev.Passage.Text, Title: a.Title,
				Source: a.Source, Date: a.Date, URL: a.URL, PassageID: ev.Passage.ID})
		}
		out.Days = append(out.Days, dj)
	}
	return out
}

func printTimeline(w io.Writer, days []timeline.Day) {
	if len(days) == 0 {
		fmt.Fprintln(w, "The articles mention no dated events.")
		return
	}
	for i, d := range days {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, dayHeading(d.Date))
		for _, ev := range d.Events {
			fmt.Fprintf(w, "  • %s (“%s”)\n    %s\n", citation(ev.Article), ev.Phrase, ev.Passage.Text)
		}
	}
}

// dayHeading is "2014-12-19, Friday".
func dayHeading(date string) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return date + ", " + t.Weekday().String()
}
