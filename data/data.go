// Package data embeds the bot's default articles and synonym list, so that
// the binary answers with no files beside it.
package data

import "embed"

// SynonymsFile is the name of the synonym list in an articles directory.
const SynonymsFile = "synonyms.conf"

// GeneralFile is the general news vocabulary, which applies to every
// articles directory beside its own synonym list.
const GeneralFile = "general.conf"

// ExamplesFile lists example questions, one a line.
const ExamplesFile = "examples.conf"

// FS holds the article files (*.txt), the synonym list and example questions.
//
//go:embed *.txt synonyms.conf general.conf examples.conf
var FS embed.FS

// Ranker is the engine's fitted model (go run ./cmd/tune writes it): the
// ranker's weights and the answerability model. It is derived from the
// SQuAD 2.0 development set, CC BY-SA 4.0 (testdata/squad/README.md).
//
//go:embed ranker.json
var Ranker []byte

// Antonyms lists pairs of single words that WordNet 3.0 marks as
// antonyms, one pair a line, under WordNet's licence notice
// (data/antonyms_gen.go derives it).
//
//go:embed antonyms.list
var Antonyms string
