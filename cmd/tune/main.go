// Command tune fits the answer engine's ranker and answerability model on
// the SQuAD 2.0 development set in testdata/squad, reports their
// cross-validated quality (leaving whole articles out) beside the plain
// bleve baseline, and writes data/ranker.json.
//
//	go run ./cmd/tune            # fit, report, write data/ranker.json
//	go run ./cmd/tune -check     # fail if data/ranker.json is not what the fit gives
//	go run ./cmd/tune -ablate    # also the cross-validated figures without each feature group
//	go run ./cmd/tune -fit own,pooled,offtopic,small,smalloff -out /tmp/r.json   # fit on other settings
//
// Every question is asked six ways: of its own article, of all eight
// pooled, of another article (off topic), of a small library cut from its
// own article and of one cut from another (see smallLibraries), and of its
// own article beside a reworded copy (see twinOf). The models are fitted
// on the first three; the report gives all six.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "tune:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("tune", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("squad", "testdata/squad", "the development set: articles/ and items.tsv")
	out := fs.String("out", "data/ranker.json", "where to write the fitted model")
	check := fs.Bool("check", false, "compare the fit with -out instead of writing it")
	ablation := fs.Bool("ablate", false, "also cross-validate without each group of ranking features")
	rankFlag := fs.Bool("rankcv", false, "cross-validate the ranker alone, with its ablation, and stop")
	missFlag := fs.Bool("misses", false, "print the miss analysis by class and stop")
	fitFlag := fs.String("fit", strings.Join(keysOf(defaultFit), ","), "the settings to fit on, comma-separated: "+strings.Join(settingKeys[:], ","))
	if err := fs.Parse(args); err != nil {
		return err
	}
	fit, err := parseFit(*fitFlag)
	if err != nil {
		return err
	}
	ds, err := load(ctx, *dir)
	if err != nil {
		return err
	}
	ds.fit = fit
	if *rankFlag {
		return rankCV(ds, stdout)
	}
	if *missFlag {
		return misses(ds, stdout)
	}
	rep, err := crossValidate(ds)
	if err != nil {
		return err
	}
	rep.write(stdout)
	if *ablation {
		if err := ablate(ds, stdout); err != nil {
			return err
		}
	}
	m, err := fitModel(ds.examples, ds.fits)
	if err != nil {
		return err
	}
	b, err := encode(m, rep)
	if err != nil {
		return err
	}
	return save(*out, b, *check, stdout)
}

// save writes the encoded model b to out, unless out already holds it;
// with check it only reports whether out holds it, an error if not.
func save(out string, b []byte, check bool, stdout io.Writer) error {
	if check {
		old, err := os.ReadFile(out)
		if err != nil {
			return err
		}
		if !sameModel(old, b) {
			return errors.New(out + " is not what the fit gives: run go run ./cmd/tune")
		}
		fmt.Fprintln(stdout, out, "is what the fit gives")
		return nil
	}
	if old, err := os.ReadFile(out); err == nil && bytes.Equal(old, b) {
		fmt.Fprintln(stdout, out, "unchanged")
		return nil
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "wrote", out)
	return nil
}
