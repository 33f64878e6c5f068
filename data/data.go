// Package data embeds the bot's default articles and synonym list, so that
// the binary answers with no files beside it.
package data

import "embed"

// SynonymsFile is the name of the synonym list in an articles directory.
const SynonymsFile = "synonyms.conf"

// ExamplesFile lists example questions, one a line.
const ExamplesFile = "examples.conf"

// FS holds the article files (*.txt), the synonym list and example questions.
//
//go:embed *.txt synonyms.conf examples.conf
var FS embed.FS
