package index

// The index's memos (counts, families, spellings, forms, postings; see
// internal/memo) keep what it answers the same way every time: it does not
// change once built. maxMemoKey is the longest word they keep: no word is
// longer, and a question of long junk words would otherwise fill a memo
// with kilobyte keys.
const maxMemoKey = 64

// memoable reports whether word w is short enough to be a memo's key.
func memoable(w string) bool { return len(w) <= maxMemoKey }
