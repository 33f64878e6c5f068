//go:build ignore

// antonyms_gen derives data/antonyms.list from WordNet 3.0: the pairs of
// single words that WordNet marks as antonyms ("first"/"last",
// "increase"/"decrease"), each pair once. It is run by hand, not by the
// build, on Debian's wordnet-base:
//
//	go run data/antonyms_gen.go /usr/share/wordnet > data/antonyms.list
package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

const notice = `# Antonyms: pairs of single words marked as antonyms in WordNet 3.0, derived by
# data/antonyms_gen.go. The answerability model reads a question word whose
# antonym the passage says, in place of the word, as a sign of an altered question.
#
# This software and database is being provided to you, the LICENSEE, by
# Princeton University under the following license.  By obtaining, using
# and/or copying this software and database, you agree that you have
# read, understood, and will comply with these terms and conditions.:
#
# Permission to use, copy, modify and distribute this software and
# database and its documentation for any purpose and without fee or
# royalty is hereby granted, provided that you agree to comply with
# the following copyright notice and statements, including the disclaimer,
# and that the same appear on ALL copies of the software, database and
# documentation, including modifications that you make for internal
# use or for distribution.
#
# WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved.
#
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON
# UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR
# IMPLIED.  BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON
# UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANT-
# ABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE
# OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT
# INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR
# OTHER RIGHTS.
#
# The name of Princeton University or Princeton may not be used in
# advertising or publicity pertaining to distribution of the software
# and/or database.  Title to copyright in this software, database and
# any associated documentation shall at all times remain with
# Princeton University and LICENSEE agrees to preserve same.
`

// synset is one line of a WordNet data file: its words and its antonym
// pointers (source word number, target synset, target word number).
type synset struct {
	words []string
	ants  []pointer
}

type pointer struct {
	src, dst int
	key      string // pos and offset of the target synset
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run data/antonyms_gen.go WORDNET_DIR > data/antonyms.list")
		os.Exit(2)
	}
	all := map[string]*synset{}
	for _, pos := range []string{"noun", "verb", "adj", "adv"} {
		if err := read(filepath.Join(os.Args[1], "data."+pos), all); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	lines := antonymPairs(all)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprint(w, notice)
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
}

// antonymPairs lists the antonym pairs of single plain words, each as
// "a b" with a before b, sorted.
func antonymPairs(all map[string]*synset) []string {
	pairs := map[[2]string]bool{}
	for _, s := range all {
		for _, p := range s.ants {
			t, ok := all[p.key]
			if !ok || p.src < 1 || p.src > len(s.words) || p.dst < 1 || p.dst > len(t.words) {
				continue
			}
			a, b := s.words[p.src-1], t.words[p.dst-1]
			if !plain(a) || !plain(b) || a == b {
				continue
			}
			pairs[[2]string{min(a, b), max(a, b)}] = true
		}
	}
	var lines []string
	for p := range pairs {
		lines = append(lines, p[0]+" "+p[1])
	}
	sort.Strings(lines)
	return lines
}

// plain reports whether w is one lower-case word of letters.
func plain(w string) bool {
	if len(w) < 2 {
		return false
	}
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// read adds the synsets of one data file to all, keyed by pos and offset.
func read(path string, all map[string]*synset) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "  ") {
			continue // the licence at the top
		}
		f := strings.Fields(strings.SplitN(line, " | ", 2)[0])
		if len(f) < 4 {
			continue
		}
		n, err := strconv.ParseInt(f[3], 16, 32)
		if err != nil {
			return fmt.Errorf("%s: %q: %w", path, line[:20], err)
		}
		s := &synset{}
		i := 4
		for k := 0; k < int(n); k++ {
			w := f[i]
			if j := strings.IndexByte(w, '('); j > 0 {
				w = w[:j] // an adjective's position marker: "galore(ip)"
			}
			s.words = append(s.words, strings.ToLower(w))
			i += 2
		}
		np, _ := strconv.Atoi(f[i])
		i++
		for k := 0; k < np; k++ {
			sym, off, pos, st := f[i], f[i+1], f[i+2], f[i+3]
			i += 4
			if sym != "!" {
				continue
			}
			src, _ := strconv.ParseInt(st[:2], 16, 32)
			dst, _ := strconv.ParseInt(st[2:], 16, 32)
			if pos == "s" {
				pos = "a"
			}
			s.ants = append(s.ants, pointer{int(src), int(dst), pos + off})
		}
		key := f[2]
		if key == "s" {
			key = "a"
		}
		all[key+f[0]] = s
	}
	return sc.Err()
}
