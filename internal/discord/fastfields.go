package discord

import (
	"time"

	"github.com/bwmarrin/discordgo"
)

// The fields fastDecode reads, each as json.Unmarshal would into
// discordgo's type. Every JSON name of those types is here: a field the
// bot's commands never need (an interaction's message, a command's
// resolved data) is read only when null, and otherwise left to
// json.Unmarshal.

// field reads one field's value into a T. bit marks it read, so that a
// key given twice, which json.Unmarshal would merge, goes to it instead.
type field[T any] struct {
	bit  uint32
	read func(*jsonScan, *T) bool
}

type fields[T any] map[string]field[T]

// entry is a field's JSON name and how it is read.
type entry[T any] struct {
	name string
	read func(*jsonScan, *T) bool
}

func newFields[T any](es ...entry[T]) fields[T] {
	if len(es) > 32 {
		panic("discord: more fields than a uint32 has bits to mark them read")
	}
	fs := fields[T]{}
	for n, e := range es {
		fs[e.name] = field[T]{bit: 1 << n, read: e.read}
	}
	return fs
}

// readObject reads an object into v, or null, which leaves v as it is.
func readObject[T any](s *jsonScan, fs fields[T], v *T) bool {
	if s.word("null") {
		return true
	}
	if !s.eat('{') {
		return false
	}
	if s.eat('}') {
		return true
	}
	var seen uint32
	for {
		key, ok := s.plain()
		if !ok || !s.eat(':') {
			return false
		}
		if f, known := fs[string(key)]; known {
			if seen&f.bit != 0 || !f.read(s, v) {
				return false
			}
			seen |= f.bit
		} else if !skippable(key) || !s.skip(0) {
			return false
		}
		if !s.eat(',') {
			return s.eat('}')
		}
	}
}

// unsure reads no value: the full decode will.
func unsure[T any](*jsonScan, *T) bool { return false }

// onlyNull reads null, which leaves a pointer nil, and leaves any other
// value to the full decode.
func onlyNull[T any](s *jsonScan, _ *T) bool { return s.word("null") }

// readString reads a string, or null, which leaves it empty.
func readString[S ~string](s *jsonScan, dst *S) bool {
	if s.word("null") {
		return true
	}
	v, ok := s.plain()
	*dst = S(v)
	return ok
}

// readInt reads an integer of at most max, or null, which leaves it 0.
func readInt[N ~uint8 | ~uint | ~int](s *jsonScan, dst *N, max uint64) bool {
	if s.word("null") {
		return true
	}
	v, ok := s.digits(max)
	*dst = N(v)
	return ok
}

const (
	maxUint8 = 1<<8 - 1
	maxInt   = 1<<63 - 1
)

func readBool(s *jsonScan, dst *bool) bool {
	switch {
	case s.word("true"):
		*dst = true
	case s.word("false"), s.word("null"):
	default:
		return false
	}
	return true
}

// readQuotedInt reads a `json:",string"` int64: its digits in quotes.
func readQuotedInt(s *jsonScan, dst *int64) bool {
	if s.word("null") {
		return true
	}
	v, ok := s.plain()
	if !ok {
		return false
	}
	d, ok := wholeInteger(v, maxInt)
	*dst = int64(d)
	return ok
}

// readTime reads a time as time.Time.UnmarshalJSON does; null leaves it zero.
func readTime(s *jsonScan, dst *time.Time) bool {
	if s.word("null") {
		return true
	}
	raw, ok := s.quoted()
	return ok && dst.UnmarshalJSON(raw) == nil
}

// readTimePtr reads a time, or null, which leaves it nil.
func readTimePtr(s *jsonScan, dst **time.Time) bool {
	if s.word("null") {
		return true
	}
	*dst = new(time.Time)
	return readTime(s, *dst)
}

// readNew reads an object into a new T, or null, which leaves it nil.
// Options nest in options: past maxSkipDepth, where encoding/json has
// its own limit, the full decode takes them.
func readNew[T any](s *jsonScan, fs fields[T], dst **T) bool {
	if s.word("null") {
		return true
	}
	if s.depth++; s.depth > maxSkipDepth {
		return false
	}
	*dst = new(T)
	ok := readObject(s, fs, *dst)
	s.depth--
	return ok
}

// readArray reads an array, calling elem for each element, or null.
// An empty array is an empty slice, not nil, as json.Unmarshal makes it.
func readArray[E any](s *jsonScan, dst *[]E, elem func(*jsonScan, *E) bool) bool {
	if s.word("null") {
		return true
	}
	if !s.eat('[') {
		return false
	}
	*dst = []E{}
	if s.eat(']') {
		return true
	}
	for {
		var e E
		if !elem(s, &e) {
			return false
		}
		*dst = append(*dst, e)
		if !s.eat(',') {
			return s.eat(']')
		}
	}
}

// plainString reads a string element; null would be "" and goes to the
// full decode.
func plainString(s *jsonScan, dst *string) bool {
	v, ok := s.plain()
	*dst = string(v)
	return ok
}

// readOwners reads authorizing_integration_owners: keys are integers
// written in the shortest way, values strings.
func readOwners(s *jsonScan, dst *map[discordgo.ApplicationIntegrationType]string) bool {
	if s.word("null") {
		return true
	}
	if !s.eat('{') {
		return false
	}
	m := map[discordgo.ApplicationIntegrationType]string{}
	*dst = m
	if s.eat('}') {
		return true
	}
	for {
		key, ok := s.plain()
		n, isInt := wholeInteger(key, maxInt)
		t := discordgo.ApplicationIntegrationType(n)
		if _, dup := m[t]; !ok || !isInt || dup || !s.eat(':') {
			return false
		}
		v, ok := s.plain()
		if !ok {
			return false
		}
		m[t] = string(v)
		if !s.eat(',') {
			return s.eat('}')
		}
	}
}

// readNoEntitlements reads entitlements when there are none.
func readNoEntitlements(s *jsonScan, dst *[]*discordgo.Entitlement) bool {
	return readArray(s, dst, unsure[*discordgo.Entitlement])
}

// readValue reads an option's value when it is a string or a boolean.
func readValue(s *jsonScan, dst *any) bool {
	switch {
	case s.word("null"):
	case s.word("true"):
		*dst = true
	case s.word("false"):
		*dst = false
	default:
		v, ok := s.plain()
		*dst = string(v)
		return ok
	}
	return true
}

type (
	dgMember = discordgo.Member
	dgUser   = discordgo.User
	dgData   = discordgo.ApplicationCommandInteractionData
	dgOption = discordgo.ApplicationCommandInteractionDataOption
)

var userFields = newFields(
	entry[dgUser]{"id", func(s *jsonScan, u *dgUser) bool { return readString(s, &u.ID) }},
	entry[dgUser]{"email", func(s *jsonScan, u *dgUser) bool { return readString(s, &u.Email) }},
	entry[dgUser]{"username", func(s *jsonScan, u *dgUser) bool { return readString(s, &u.Username) }},
	entry[dgUser]{"avatar", func(s *jsonScan, u *dgUser) bool { return readString(s, &u.Avatar) }},
	entry[dgUser]{"locale", func(s *jsonScan, u *dgUser) bool { return readString(s, &u.Locale) }},
	entry[dgUser]{"discriminator", func(s *jsonScan, u *dgUser) bool { return readString(s, &u.Discriminator) }},
	entry[dgUser]{"global_name", func(s *jsonScan, u *dgUser) bool { return readString(s, &u.GlobalName) }},
	entry[dgUser]{"token", func(s *jsonScan, u *dgUser) bool { return readString(s, &u.Token) }},
	entry[dgUser]{"verified", func(s *jsonScan, u *dgUser) bool { return readBool(s, &u.Verified) }},
	entry[dgUser]{"mfa_enabled", func(s *jsonScan, u *dgUser) bool { return readBool(s, &u.MFAEnabled) }},
	entry[dgUser]{"banner", func(s *jsonScan, u *dgUser) bool { return readString(s, &u.Banner) }},
	entry[dgUser]{"accent_color", func(s *jsonScan, u *dgUser) bool { return readInt(s, &u.AccentColor, maxInt) }},
	entry[dgUser]{"bot", func(s *jsonScan, u *dgUser) bool { return readBool(s, &u.Bot) }},
	entry[dgUser]{"public_flags", func(s *jsonScan, u *dgUser) bool { return readInt(s, &u.PublicFlags, maxInt) }},
	entry[dgUser]{"premium_type", func(s *jsonScan, u *dgUser) bool { return readInt(s, &u.PremiumType, maxInt) }},
	entry[dgUser]{"system", func(s *jsonScan, u *dgUser) bool { return readBool(s, &u.System) }},
	entry[dgUser]{"flags", func(s *jsonScan, u *dgUser) bool { return readInt(s, &u.Flags, maxInt) }},
)

var memberFields = newFields(
	entry[dgMember]{"guild_id", func(s *jsonScan, m *dgMember) bool { return readString(s, &m.GuildID) }},
	entry[dgMember]{"joined_at", func(s *jsonScan, m *dgMember) bool { return readTime(s, &m.JoinedAt) }},
	entry[dgMember]{"nick", func(s *jsonScan, m *dgMember) bool { return readString(s, &m.Nick) }},
	entry[dgMember]{"deaf", func(s *jsonScan, m *dgMember) bool { return readBool(s, &m.Deaf) }},
	entry[dgMember]{"mute", func(s *jsonScan, m *dgMember) bool { return readBool(s, &m.Mute) }},
	entry[dgMember]{"avatar", func(s *jsonScan, m *dgMember) bool { return readString(s, &m.Avatar) }},
	entry[dgMember]{"banner", func(s *jsonScan, m *dgMember) bool { return readString(s, &m.Banner) }},
	entry[dgMember]{"user", func(s *jsonScan, m *dgMember) bool { return readNew(s, userFields, &m.User) }},
	entry[dgMember]{"roles", func(s *jsonScan, m *dgMember) bool { return readArray(s, &m.Roles, plainString) }},
	entry[dgMember]{"premium_since", func(s *jsonScan, m *dgMember) bool { return readTimePtr(s, &m.PremiumSince) }},
	entry[dgMember]{"flags", func(s *jsonScan, m *dgMember) bool { return readInt(s, &m.Flags, maxInt) }},
	entry[dgMember]{"pending", func(s *jsonScan, m *dgMember) bool { return readBool(s, &m.Pending) }},
	entry[dgMember]{"permissions", func(s *jsonScan, m *dgMember) bool { return readQuotedInt(s, &m.Permissions) }},
	entry[dgMember]{"communication_disabled_until", func(s *jsonScan, m *dgMember) bool {
		return readTimePtr(s, &m.CommunicationDisabledUntil)
	}},
)

// optionFields is set in init: an option holds options.
var optionFields fields[dgOption]

func init() {
	optionFields = newFields(
		entry[dgOption]{"name", func(s *jsonScan, o *dgOption) bool { return readString(s, &o.Name) }},
		entry[dgOption]{"type", func(s *jsonScan, o *dgOption) bool { return readInt(s, &o.Type, maxUint8) }},
		entry[dgOption]{"value", func(s *jsonScan, o *dgOption) bool { return readValue(s, &o.Value) }},
		entry[dgOption]{"options", func(s *jsonScan, o *dgOption) bool { return readArray(s, &o.Options, readOption) }},
		entry[dgOption]{"focused", func(s *jsonScan, o *dgOption) bool { return readBool(s, &o.Focused) }},
	)
}

// readOption reads an option element; null would be a nil one and goes
// to the full decode.
func readOption(s *jsonScan, dst **dgOption) bool {
	if s.word("null") {
		return false
	}
	return readNew(s, optionFields, dst)
}

var commandDataFields = newFields(
	entry[dgData]{"id", func(s *jsonScan, d *dgData) bool { return readString(s, &d.ID) }},
	entry[dgData]{"name", func(s *jsonScan, d *dgData) bool { return readString(s, &d.Name) }},
	entry[dgData]{"type", func(s *jsonScan, d *dgData) bool { return readInt(s, &d.CommandType, maxUint8) }},
	entry[dgData]{"resolved", onlyNull[dgData]},
	entry[dgData]{"options", func(s *jsonScan, d *dgData) bool { return readArray(s, &d.Options, readOption) }},
	entry[dgData]{"target_id", func(s *jsonScan, d *dgData) bool { return readString(s, &d.TargetID) }},
)

var interactionFields = newFields(
	entry[fastInteraction]{"id", func(s *jsonScan, i *fastInteraction) bool { return readString(s, &i.ID) }},
	entry[fastInteraction]{"application_id", func(s *jsonScan, i *fastInteraction) bool { return readString(s, &i.AppID) }},
	entry[fastInteraction]{"type", readCommandType},
	entry[fastInteraction]{"data", readData},
	entry[fastInteraction]{"guild_id", func(s *jsonScan, i *fastInteraction) bool { return readString(s, &i.GuildID) }},
	entry[fastInteraction]{"channel_id", func(s *jsonScan, i *fastInteraction) bool { return readString(s, &i.ChannelID) }},
	entry[fastInteraction]{"message", onlyNull[fastInteraction]},
	entry[fastInteraction]{"app_permissions", func(s *jsonScan, i *fastInteraction) bool { return readQuotedInt(s, &i.AppPermissions) }},
	entry[fastInteraction]{"member", func(s *jsonScan, i *fastInteraction) bool { return readNew(s, memberFields, &i.Member) }},
	entry[fastInteraction]{"user", func(s *jsonScan, i *fastInteraction) bool { return readNew(s, userFields, &i.User) }},
	entry[fastInteraction]{"locale", func(s *jsonScan, i *fastInteraction) bool { return readString(s, &i.Locale) }},
	entry[fastInteraction]{"guild_locale", readGuildLocale},
	entry[fastInteraction]{"context", func(s *jsonScan, i *fastInteraction) bool { return readInt(s, &i.Context, maxInt) }},
	entry[fastInteraction]{"authorizing_integration_owners", func(s *jsonScan, i *fastInteraction) bool {
		return readOwners(s, &i.AuthorizingIntegrationOwners)
	}},
	entry[fastInteraction]{"token", func(s *jsonScan, i *fastInteraction) bool { return readString(s, &i.Token) }},
	entry[fastInteraction]{"version", func(s *jsonScan, i *fastInteraction) bool { return readInt(s, &i.Version, maxInt) }},
	entry[fastInteraction]{"entitlements", func(s *jsonScan, i *fastInteraction) bool { return readNoEntitlements(s, &i.Entitlements) }},
)

// readData reads a command's data; null (the zero data) goes to the full
// decode, as does an object that is no command's.
func readData(s *jsonScan, i *fastInteraction) bool {
	if s.word("null") {
		return false
	}
	i.hasData = true
	return readObject(s, commandDataFields, &i.data)
}

// readCommandType reads the interaction's type, and stops at once at one
// that is no command's: a button press would otherwise be read to its end
// before going to the full decode.
func readCommandType(s *jsonScan, i *fastInteraction) bool {
	return readInt(s, &i.Type, maxUint8) &&
		(i.Type == discordgo.InteractionApplicationCommand || i.Type == discordgo.InteractionApplicationCommandAutocomplete)
}

func readGuildLocale(s *jsonScan, i *fastInteraction) bool {
	if s.word("null") {
		return true
	}
	l := new(discordgo.Locale)
	i.GuildLocale = l
	return readString(s, l)
}
