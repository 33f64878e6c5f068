package discord

import (
	"bytes"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// A slash command or autocomplete body is read here by hand when it has
// the shape Discord sends: every key lower-case, every string without
// escapes, every number a plain integer, no message or resolved data. It
// gives exactly the value json.Unmarshal gives; any body it is not sure
// of goes to the full decode, which gives json.Unmarshal's error too.
// encoding/json's reflection, its validating pre-scan and discordgo's
// rescans made decoding a tenth of the server's CPU under load.
// TestDecodeInteractionAsDiscordgo and FuzzDecodeInteraction hold the two
// to the same values; TestFastDecodeServes to taking the bodies it is for.

// maxSkipDepth bounds the nesting of the values it reads or skips:
// deeper ones go to the full decode.
const maxSkipDepth = 64

// fastDecode decodes body into out and reports true, or reports false
// and leaves out as it was.
func fastDecode(body []byte, out *discordgo.Interaction) bool {
	s := jsonScan{b: body}
	var w fastInteraction
	if !readObject(&s, interactionFields, &w) {
		return false
	}
	s.ws()
	// The type's reader has refused any but a command's; a body without
	// one has type 0.
	if s.i != len(s.b) || !w.hasData || w.Type == 0 {
		return false
	}
	w.Interaction.Data = w.data
	*out = w.Interaction
	return true
}

// fastInteraction is an interaction being read, its data apart until the
// type is known.
type fastInteraction struct {
	discordgo.Interaction
	data    discordgo.ApplicationCommandInteractionData
	hasData bool
}

// jsonScan reads JSON from b, at i, depth objects in.
type jsonScan struct {
	b     []byte
	i     int
	depth int
}

func (s *jsonScan) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// eat consumes c, after any white space, if it is next.
func (s *jsonScan) eat(c byte) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// word consumes w if it is next.
func (s *jsonScan) word(w string) bool {
	s.ws()
	if bytes.HasPrefix(s.b[s.i:], []byte(w)) {
		s.i += len(w)
		return true
	}
	return false
}

// plain reads a string without escapes or control characters, in valid
// UTF-8, which is its own decoding; it returns the string's bytes.
func (s *jsonScan) plain() ([]byte, bool) {
	if !s.eat('"') {
		return nil, false
	}
	start := s.i
	for ; s.i < len(s.b); s.i++ {
		switch c := s.b[s.i]; {
		case c == '"':
			v := s.b[start:s.i]
			s.i++
			return v, utf8.Valid(v)
		case c == '\\' || c < 0x20:
			return nil, false
		}
	}
	return nil, false
}

// quoted reads a plain string and returns it with its quotes, as
// json.Unmarshal hands it to an UnmarshalJSON method.
func (s *jsonScan) quoted() ([]byte, bool) {
	s.ws()
	start := s.i
	_, ok := s.plain()
	return s.b[start:s.i], ok
}

// digits reads a non-negative integer of at most 18 digits without a
// leading zero, which any of the fields' integer types holds up to max.
func (s *jsonScan) digits(max uint64) (uint64, bool) {
	s.ws()
	return s.integer(max)
}

// wholeInteger reads b as digits would, with nothing before or after.
func wholeInteger(b []byte, max uint64) (uint64, bool) {
	s := jsonScan{b: b}
	v, ok := s.integer(max)
	return v, ok && s.i == len(b)
}

// integer is digits without white space first.
func (s *jsonScan) integer(max uint64) (uint64, bool) {
	start := s.i
	var v uint64
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		v = v*10 + uint64(s.b[s.i]-'0')
		s.i++
	}
	n := s.i - start
	if n == 0 || n > 18 || (n > 1 && s.b[start] == '0') || v > max {
		return 0, false
	}
	// A fraction or an exponent makes it no integer.
	return v, s.i == len(s.b) || (s.b[s.i] != '.' && s.b[s.i] != 'e' && s.b[s.i] != 'E')
}

// skip reads any valid JSON value, for keys the decode does not know.
func (s *jsonScan) skip(depth int) bool {
	if depth > maxSkipDepth {
		return false
	}
	s.ws()
	if s.i == len(s.b) {
		return false
	}
	switch c := s.b[s.i]; {
	case c == '{':
		return s.skipObject(depth)
	case c == '[':
		return s.skipArray(depth)
	case c == '"':
		return s.skipString()
	case c == '-' || (c >= '0' && c <= '9'):
		return s.skipNumber()
	}
	return s.word("true") || s.word("false") || s.word("null")
}

func (s *jsonScan) skipObject(depth int) bool {
	s.i++
	if s.eat('}') {
		return true
	}
	for {
		s.ws()
		if !s.skipString() || !s.eat(':') || !s.skip(depth+1) {
			return false
		}
		if !s.eat(',') {
			return s.eat('}')
		}
	}
}

func (s *jsonScan) skipArray(depth int) bool {
	s.i++
	if s.eat(']') {
		return true
	}
	for {
		if !s.skip(depth + 1) {
			return false
		}
		if !s.eat(',') {
			return s.eat(']')
		}
	}
}

// skipString reads a string as JSON's grammar has it; like encoding/json,
// it leaves bytes that are not UTF-8 to whoever decodes the string.
func (s *jsonScan) skipString() bool {
	if s.i == len(s.b) || s.b[s.i] != '"' {
		return false
	}
	for s.i++; s.i < len(s.b); s.i++ {
		switch c := s.b[s.i]; {
		case c == '"':
			s.i++
			return true
		case c < 0x20:
			return false
		case c == '\\':
			if !s.skipEscape() {
				return false
			}
		}
	}
	return false
}

// skipEscape reads the escape at i, leaving i on its last byte.
func (s *jsonScan) skipEscape() bool {
	s.i++
	if s.i == len(s.b) {
		return false
	}
	switch s.b[s.i] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return true
	case 'u':
		if s.i+4 >= len(s.b) {
			return false
		}
		for _, h := range s.b[s.i+1 : s.i+5] {
			if !isHex(h) {
				return false
			}
		}
		s.i += 4
		return true
	}
	return false
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// skipNumber reads -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?.
func (s *jsonScan) skipNumber() bool {
	if s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case !s.someDigits():
		return false
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if !s.someDigits() {
			return false
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		return s.someDigits()
	}
	return true
}

// someDigits reads one digit or more.
func (s *jsonScan) someDigits() bool {
	start := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
	}
	return s.i > start
}

// skippable reports whether json.Unmarshal ignores key in a struct whose
// JSON names are all lower-case ASCII and not key: it matches names
// without regard to case, so only a key in lower case is surely no name's.
func skippable(key []byte) bool {
	for _, c := range key {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return len(key) > 0
}
