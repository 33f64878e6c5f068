package main

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"math"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/joho/godotenv"

	"github.com/sourcebot/newsbot/internal/articles"
	"github.com/sourcebot/newsbot/internal/discord"
	"github.com/sourcebot/newsbot/internal/fetch"
	"github.com/sourcebot/newsbot/internal/library"
	"github.com/sourcebot/newsbot/internal/store"
)

// config is every setting of the bot. Each comes from its flag, else the
// environment, else .env, else its default; the README's configuration
// table and .env.example document the same names and defaults
// (TestConfigDocs).
type config struct {
	LogLevel slog.Level

	// The articles: BOT_DATA, BOT_INDEX, BOT_INDEX_READ_ONLY.
	Data, Index string
	ReadOnly    bool

	// Reaching Discord.
	Token, GuildID, AppID, APIBase string
	ShardID, ShardCount            int

	// Serving, on either transport.
	RatePerMinute int
	AskChannels   []string
	ModRoleID     string
	Owners        []string

	// The feedback store.
	DB            string
	RetentionDays int
	DBMaxConns    int

	// HTTP interactions.
	PublicKey    ed25519.PublicKey
	HTTPAddr     string
	HTTPMaxConns int
	// HTTPMaxAnswering is 0 for discord.DefaultMaxAnswering.
	HTTPMaxAnswering int
	HTTPMaxWait      time.Duration

	// Each server's own library (see library.go).
	LibraryMaxArticles, LibraryMaxKiB, LibraryAddsPerHour, LibraryOpen int
	LibraryCheck, FetchTimeout                                         time.Duration
	AttachmentHosts                                                    []string
	// The servers' garbage collector (see gc.go).
	GCPercent   int
	MemoryLimit int64
}

// defaultConfig is the configuration when nothing is set.
func defaultConfig() config {
	return config{
		LogLevel:      slog.LevelWarn,
		ShardCount:    1,
		RatePerMinute: discord.DefaultRatePerMinute,
		RetentionDays: defaultRetentionDays,
		DBMaxConns:    store.DefaultMaxConns,
		HTTPAddr:      ":8080",
		HTTPMaxConns:  defaultMaxConns,

		LibraryMaxArticles: library.DefaultMaxArticles,
		LibraryMaxKiB:      library.DefaultMaxText / 1024,
		LibraryAddsPerHour: library.DefaultMaxPerHour,
		LibraryOpen:        library.DefaultMaxOpen,
		LibraryCheck:       library.DefaultCheckEvery,
		FetchTimeout:       fetch.DefaultTimeout,
		AttachmentHosts:    fetch.DefaultAttachmentHosts,
		GCPercent:          defaultGCPercent,
		MemoryLimit:        memoryLimitAuto,
		HTTPMaxWait:        discord.DefaultMaxWait,
	}
}

// maxDays is the most days a time.Duration holds (about 292 years): a
// longer retention or look-back would wrap around to a negative one.
const maxDays = int(math.MaxInt64 / int64(24*time.Hour))

// A setting is one configuration variable: its name in the environment
// and .env, the flag that also sets it (if any), and its value in a config.
type setting struct {
	env  string
	flag flagDoc
	// secret values are blanked out of logs and never shown in errors.
	secret bool
	value  func(c *config) flag.Value
}

// flagDoc is a flag's name and help; "" for a setting with no flag.
type flagDoc struct{ name, usage string }

// settings are all the variables, in the order .env.example gives them.
var settings = []setting{
	{env: "DISCORD_TOKEN", secret: true, value: func(c *config) flag.Value { return stringVar(&c.Token) }},
	{env: "DISCORD_GUILD_ID", value: func(c *config) flag.Value { return idVar(&c.GuildID) }},
	{env: "DISCORD_APP_ID", value: func(c *config) flag.Value { return idVar(&c.AppID) }},
	{env: "DISCORD_API_BASE", value: func(c *config) flag.Value { return apiBaseVar(&c.APIBase) }},
	{env: "SHARD_ID", value: func(c *config) flag.Value { return intVar(&c.ShardID, 0, math.MaxInt32) }},
	{env: "SHARD_COUNT", value: func(c *config) flag.Value { return intVar(&c.ShardCount, 1, math.MaxInt32) }},
	{env: "RATE_LIMIT_PER_MINUTE", value: func(c *config) flag.Value { return intVar(&c.RatePerMinute, 1, math.MaxInt32) }},
	{env: "ASK_CHANNEL_IDS", value: func(c *config) flag.Value { return idsVar(&c.AskChannels) }},
	{env: "MOD_ROLE_ID", value: func(c *config) flag.Value { return idVar(&c.ModRoleID) }},
	{env: "BOT_OWNER_IDS", value: func(c *config) flag.Value { return idsVar(&c.Owners) }},
	{env: "BOT_DB", value: func(c *config) flag.Value { return stringVar(&c.DB) }},
	{env: "BOT_RETENTION_DAYS", value: func(c *config) flag.Value { return intVar(&c.RetentionDays, 1, maxDays) }},
	{env: "BOT_DB_MAX_CONNS", value: func(c *config) flag.Value { return intVar(&c.DBMaxConns, 1, math.MaxInt32) }},
	{env: "BOT_LIBRARY_MAX_ARTICLES", value: func(c *config) flag.Value { return intVar(&c.LibraryMaxArticles, 1, math.MaxInt32) }},
	{env: "BOT_LIBRARY_MAX_KIB", value: func(c *config) flag.Value { return intVar(&c.LibraryMaxKiB, 1, library.DefaultMaxText/1024) }},
	{env: "BOT_LIBRARY_ADDS_PER_HOUR", value: func(c *config) flag.Value { return intVar(&c.LibraryAddsPerHour, 1, math.MaxInt32) }},
	{env: "BOT_LIBRARY_OPEN", value: func(c *config) flag.Value { return intVar(&c.LibraryOpen, 1, math.MaxInt32) }},
	{env: "BOT_LIBRARY_CHECK", value: func(c *config) flag.Value { return durationVar(&c.LibraryCheck, time.Hour) }},
	{env: "BOT_FETCH_TIMEOUT", value: func(c *config) flag.Value { return durationVar(&c.FetchTimeout, time.Minute) }},
	{env: "BOT_ATTACHMENT_HOSTS", value: func(c *config) flag.Value { return hostsVar(&c.AttachmentHosts) }},
	{env: "BOT_DATA", flag: flagDoc{"data", "read articles from `DIR` instead of the embedded ones"},
		value: func(c *config) flag.Value { return stringVar(&c.Data) }},
	{env: "BOT_INDEX", flag: flagDoc{"index", "keep the index on disk in `DIR`, reused while the articles match"},
		value: func(c *config) flag.Value { return stringVar(&c.Index) }},
	{env: "BOT_INDEX_READ_ONLY", flag: flagDoc{"read-only", "open --index without writing to it, so replicas can share it"},
		value: func(c *config) flag.Value { return boolVar(&c.ReadOnly) }},
	{env: "LOG_LEVEL", value: func(c *config) flag.Value { return levelVar(&c.LogLevel) }},
	{env: "DISCORD_PUBLIC_KEY", secret: true, value: func(c *config) flag.Value { return keyVar(&c.PublicKey) }},
	{env: "HTTP_ADDR", flag: flagDoc{"addr", "listen on `ADDR`"}, value: func(c *config) flag.Value { return addrVar(&c.HTTPAddr) }},
	{env: "HTTP_MAX_CONNS", value: func(c *config) flag.Value { return intVar(&c.HTTPMaxConns, 1, math.MaxInt32) }},
	{env: "HTTP_MAX_ANSWERING", value: func(c *config) flag.Value { return autoIntVar(&c.HTTPMaxAnswering) }},
	{env: "HTTP_MAX_WAIT", value: func(c *config) flag.Value { return durationVar(&c.HTTPMaxWait, maxHTTPWait) }},
	{env: "BOT_GC_PERCENT", value: func(c *config) flag.Value { return gcPercentVar(&c.GCPercent) }},
	{env: "BOT_MEMORY_LIMIT", value: func(c *config) flag.Value { return memoryLimitVar(&c.MemoryLimit) }},
}

// Groups of settings, as commands use them. LOG_LEVEL goes with every command.
var (
	articleSettings = []string{"BOT_DATA", "BOT_INDEX", "BOT_INDEX_READ_ONLY"}
	discordSettings = []string{"DISCORD_TOKEN", "DISCORD_GUILD_ID", "DISCORD_APP_ID", "DISCORD_API_BASE", "SHARD_ID", "SHARD_COUNT"}
	serveSettings   = []string{"RATE_LIMIT_PER_MINUTE", "MOD_ROLE_ID", "BOT_OWNER_IDS", "BOT_DB", "BOT_RETENTION_DAYS", "BOT_DB_MAX_CONNS", "BOT_GC_PERCENT", "BOT_MEMORY_LIMIT"}
	httpSettings    = []string{"DISCORD_PUBLIC_KEY", "HTTP_ADDR", "HTTP_MAX_CONNS", "HTTP_MAX_ANSWERING", "HTTP_MAX_WAIT", "DISCORD_TOKEN", "DISCORD_API_BASE"}
	// librarySettings are the servers' libraries', kept in BOT_DB.
	librarySettings = []string{"BOT_DB", "BOT_LIBRARY_MAX_ARTICLES", "BOT_LIBRARY_MAX_KIB", "BOT_LIBRARY_ADDS_PER_HOUR",
		"BOT_LIBRARY_OPEN", "BOT_LIBRARY_CHECK", "BOT_FETCH_TIMEOUT", "BOT_ATTACHMENT_HOSTS"}
)

func uses(groups ...[]string) []string {
	var names []string
	for _, g := range groups {
		names = append(names, g...)
	}
	return names
}

func lookupSetting(name string) (setting, bool) {
	for _, s := range settings {
		if s.env == name {
			return s, true
		}
	}
	return setting{}, false
}

// loader fills a config for one command: its settings from the
// environment and .env, then from the flags it binds.
type loader struct {
	cfg  *config
	uses []setting
	// flagAs renames a setting's flag for this command (--out for BOT_INDEX).
	flagAs map[string]flagDoc
	// errs are the settings' bad values, by variable; a flag given on the
	// command line overrides the variable, and so its error.
	errs map[string]error
}

func newLoader(cfg *config, names []string, flagAs map[string]flagDoc) (*loader, error) {
	l := &loader{cfg: cfg, flagAs: flagAs, errs: map[string]error{}}
	seen := map[string]bool{}
	for _, n := range append([]string{"LOG_LEVEL"}, names...) {
		s, ok := lookupSetting(n)
		if !ok {
			return nil, fmt.Errorf("internal error: the command table names %s, which is no setting", n)
		}
		if !seen[n] {
			seen[n] = true
			l.uses = append(l.uses, s)
		}
	}
	return l, nil
}

// read takes each setting from the environment, else .env; an empty value
// is unset. Secrets are registered for redaction before anything can
// report them.
func (l *loader) read(getenv func(string) string, dotenv map[string]string, sec *secrets) {
	for _, s := range l.uses {
		v := strings.TrimSpace(getenv(s.env))
		if v == "" {
			v = strings.TrimSpace(dotenv[s.env])
		}
		if v == "" {
			continue
		}
		if s.secret {
			sec.add(v)
		}
		if err := s.value(l.cfg).Set(v); err != nil {
			l.errs[s.env] = usagef("%s: %v", s.env, err) // a secret's error never holds it
		}
	}
}

// flagOf is s's flag in this command, or a flagDoc with no name.
func (l *loader) flagOf(s setting) flagDoc {
	if doc, ok := l.flagAs[s.env]; ok {
		return doc
	}
	return s.flag
}

// bind adds the flags of the settings to f, defaulting to what read found.
func (l *loader) bind(f *flag.FlagSet) {
	for _, s := range l.uses {
		if doc := l.flagOf(s); doc.name != "" {
			f.Var(s.value(l.cfg), doc.name, doc.usage+" (env "+s.env+")")
		}
	}
}

// done reports every mistake left once f is parsed, joined: each bad
// value (but those a flag overrode), then what the values say together.
func (l *loader) done(f *flag.FlagSet) error {
	set := map[string]bool{}
	f.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	var errs []error
	used := map[string]bool{}
	for _, s := range l.uses {
		used[s.env] = true
		if err := l.errs[s.env]; err != nil && !set[l.flagOf(s).name] {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...) // what they say together means little yet
	}
	c := l.cfg
	if used["SHARD_ID"] && c.ShardID >= c.ShardCount {
		errs = append(errs, usagef("SHARD_ID %d must be below SHARD_COUNT %d", c.ShardID, c.ShardCount))
	}
	if used["BOT_INDEX_READ_ONLY"] && c.ReadOnly && c.Index == "" {
		errs = append(errs, usagef("%s: --read-only needs --index DIR", f.Name()))
	}
	if used["BOT_DATA"] {
		if err := checkDataDir(c.Data); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// articles is how the command opens its articles.
func (c *config) articles(log *slog.Logger) articles.Options {
	return articles.Options{Data: c.Data, Index: c.Index, ReadOnly: c.ReadOnly, Log: log}
}

// checkDataDir names a --data (BOT_DATA) directory that is not there before
// loading, where the error would only say "open .".
func checkDataDir(dir string) error {
	if dir == "" {
		return nil
	}
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("articles directory %s (--data or BOT_DATA): no such directory", dir)
	case err != nil:
		return fmt.Errorf("articles directory %s (--data or BOT_DATA): %w", dir, err)
	case !fi.IsDir():
		return fmt.Errorf("articles directory %s (--data or BOT_DATA): not a directory", dir)
	}
	return nil
}

// dotenvFile reads the .env file at path; a missing file is an empty one.
func dotenvFile(path string) func() (map[string]string, error) {
	return func() (map[string]string, error) {
		m, err := godotenv.Read(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		return m, nil
	}
}

// value is a setting's parsed value: a flag.Value over a config field,
// which also formats it back, as its documented default is written.
type value struct {
	set func(string) error
	get func() string
}

func (v *value) Set(s string) error { return v.set(s) }

func (v *value) String() string {
	if v == nil || v.get == nil { // the flag package's zero value
		return ""
	}
	return v.get()
}

func stringVar(p *string) *value {
	return &value{set: func(s string) error { *p = s; return nil }, get: func() string { return *p }}
}

// boolValue is a flag.Value of its own, so that a flag's zero value reads
// "false" and --help shows no "(default false)".
type boolValue struct{ p *bool }

func boolVar(p *bool) *boolValue { return &boolValue{p} }

func (b *boolValue) IsBoolFlag() bool { return true }

func (b *boolValue) String() string { return strconv.FormatBool(b.p != nil && *b.p) }

func (b *boolValue) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return fmt.Errorf("%q: want true or false", s)
	}
	*b.p = v
	return nil
}

// intVar takes a whole number from least to most.
func intVar(p *int, least, most int) *value {
	return &value{get: func() string { return strconv.Itoa(*p) }, set: func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return fmt.Errorf("%q is not a whole number", s)
		}
		if err != nil || n < least || n > most {
			if most == math.MaxInt32 {
				return fmt.Errorf("%q: want a whole number of at least %d", s, least)
			}
			return fmt.Errorf("%q: want a whole number from %d to %d", s, least, most)
		}
		*p = n
		return nil
	}}
}

// idsVar takes a comma-separated list of Discord ids (snowflakes).
func idsVar(p *[]string) *value {
	return &value{get: func() string { return strings.Join(*p, ",") }, set: func(s string) error {
		var ids []string
		for _, f := range strings.Split(s, ",") {
			if f = strings.TrimSpace(f); f == "" {
				continue
			}
			if _, err := strconv.ParseUint(f, 10, 64); err != nil {
				return fmt.Errorf("%q is not a Discord id (a number)", f)
			}
			ids = append(ids, f)
		}
		*p = ids
		return nil
	}}
}

// idVar takes one Discord id.
func idVar(p *string) *value {
	return &value{get: func() string { return *p }, set: func(s string) error {
		if _, err := strconv.ParseUint(s, 10, 64); err != nil {
			return fmt.Errorf("%q is not one Discord id (a number)", s)
		}
		*p = s
		return nil
	}}
}

// apiBaseVar takes DISCORD_API_BASE, checked here so its mistake is
// reported with the others, by the rule internal/discord applies to it.
func apiBaseVar(p *string) *value {
	return &value{get: func() string { return *p }, set: func(s string) error {
		if _, err := discord.ParseAPIBase(s); err != nil {
			return err
		}
		*p = s
		return nil
	}}
}

// addrVar takes a listening address, host:port.
func addrVar(p *string) *value {
	return &value{get: func() string { return *p }, set: func(s string) error {
		_, port, err := net.SplitHostPort(s)
		if err == nil {
			_, err = net.LookupPort("tcp", port)
		}
		if err != nil {
			return fmt.Errorf("%q: want HOST:PORT or :PORT (%w)", s, err)
		}
		*p = s
		return nil
	}}
}

func levelVar(p *slog.Level) *value {
	return &value{get: func() string { return strings.ToLower(p.String()) }, set: func(s string) error {
		var l slog.Level
		if err := l.UnmarshalText([]byte(s)); err != nil {
			return fmt.Errorf("%q: want debug, info, warn or error", s)
		}
		*p = l
		return nil
	}}
}

// hostsVar takes a comma-separated list of host names.
func hostsVar(p *[]string) *value {
	return &value{get: func() string { return strings.Join(*p, ",") }, set: func(s string) error {
		var hosts []string
		for _, h := range strings.Split(s, ",") {
			if h = strings.ToLower(strings.TrimSpace(h)); h == "" {
				continue
			}
			if strings.ContainsAny(h, "/:@ ") {
				return fmt.Errorf("%q is not a host name", h)
			}
			hosts = append(hosts, h)
		}
		if len(hosts) == 0 {
			return fmt.Errorf("%q: want at least one host", s)
		}
		*p = hosts
		return nil
	}}
}

// keyVar takes an Ed25519 public key in hex.
func keyVar(p *ed25519.PublicKey) *value {
	return &value{get: func() string { return hex.EncodeToString(*p) }, set: func(s string) error {
		key, err := hex.DecodeString(s)
		if err != nil || len(key) != ed25519.PublicKeySize {
			return fmt.Errorf("not a %d-byte hex key", ed25519.PublicKeySize)
		}
		*p = key
		return nil
	}}
}

// maxHTTPWait is the longest HTTP_MAX_WAIT: with the deferral after a
// second, it leaves time for the reply within Discord's three.
const maxHTTPWait = 2 * time.Second

// autoIntVar takes a whole number of at least 1, or auto (0).
func autoIntVar(p *int) *value {
	n := intVar(p, 1, math.MaxInt32)
	return &value{get: func() string {
		if *p == 0 {
			return "auto"
		}
		return n.get()
	}, set: func(s string) error {
		if s == "auto" {
			*p = 0
			return nil
		}
		return n.set(s)
	}}
}

// durationVar takes a duration above 0 and at most most.
func durationVar(p *time.Duration, most time.Duration) *value {
	return &value{get: func() string { return p.String() }, set: func(s string) error {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 || d > most {
			return fmt.Errorf("%q: want a duration above 0 and at most %v, such as 1s or 500ms", s, most)
		}
		*p = d
		return nil
	}}
}
