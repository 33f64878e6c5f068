// Package data embeds the bot's default articles and synonym list, so that
// the binary answers with no files beside it.
package data

import "embed"

// SynonymsFile is the name of the synonym list in an articles directory.
const SynonymsFile = "synonyms.conf"

// FS holds the article files (*.txt) and the synonym list.
//
//go:embed *.txt synonyms.conf
var FS embed.FS
