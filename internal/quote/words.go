package quote

import (
	"strings"

	"github.com/sourcebot/newsbot/internal/timeline/calendar"
)

// Word lists for reading attributions. They describe English news copy, not
// any one article.

// speechVerbs report speech: their subject is the speaker, and a quotation
// next to them, or a quoted fragment in what follows them, is what was said.
var speechVerbs = set("said", "says", "say", "told", "tells", "added", "adds", "stated", "states", "wrote", "writes",
	"asked", "asks", "insisted", "insists", "noted", "notes", "declared", "declares", "explained", "explains",
	"warned", "warns", "argued", "argues", "replied", "replies", "responded", "acknowledged", "admitted",
	"announced", "claimed", "commented", "complained", "conceded", "confirmed", "continued", "cautioned",
	"countered", "predicted", "posted", "tweeted", "remarked", "reiterated", "repeated", "stressed",
	"emphasised", "emphasized", "observed", "concluded", "recalled", "quipped", "joked", "vowed", "pledged",
	"promised", "suggested", "according")

// requestVerbs report speech after a quotation ("…?" asked X) or with no
// object ("…?" X asked.); with an object they are requests: "The US has
// asked China for help".
var requestVerbs = set("asked", "asks", "urged", "urges")

// plainVerbs report a statement plainly, as an issuer's statement is
// reported: "the ministry said".
var plainVerbs = set("said", "says", "stated", "announced")

// actVerbs name something done with words. They attribute a short quoted
// fragment close after them ("condemned all forms of "cyber terrorism"",
// "dismissed as "…" by X") but never a paragraph's speaker: "X accused Y" or
// "lawmakers have labelled it" says nothing about who speaks next.
var actVerbs = set("condemned", "condemns", "denounced", "denounces", "described", "describes", "dismissed",
	"dismisses", "called", "calls", "labelled", "labeled", "branded", "termed", "praised", "criticised",
	"criticized", "slammed", "hailed", "decried", "blasted", "welcomed", "dubbed")

// labelVerbs give words as a name someone else uses for a thing: in `"…",
// as X called it`, the quotation is X's label.
var labelVerbs = set("called", "calls", "labelled", "labeled", "labels", "branded", "brands", "termed", "terms",
	"dubbed", "dubs", "described", "describes")

// negators before a fragment in reported speech may mean the speaker
// rejects the words: `he did not think it was an "act of war"`.
var negators = set("not", "never", "no", "nor", "neither", "denied", "denies", "deny", "rejected", "rejects",
	"disputed", "disputes")

// beVerbs before a verb make it passive: "were dismissed as … by X".
var beVerbs = set("is", "are", "was", "were", "be", "been", "being")

// clauseWords start a clause, so a subject never reaches back past them.
var clauseWords = set("that", "which", "who", "whom", "what", "as", "after", "while", "when", "because",
	"although", "though", "since", "if", "whether", "where", "but", "so", "before", "until", "once",
	"and", "or", "than", "without", "adding", "saying")

// participleCues before a verb make it no reporting verb of its own:
// "when asked", "before being asked", "to say".
var participleCues = set("when", "if", "once", "after", "before", "while", "being", "been", "having", "to")

// auxiliaries and adverbs stand between a subject and its verb.
var auxiliaries = set("has", "have", "had", "also", "later", "previously", "then", "would", "will", "could",
	"further", "again", "repeatedly", "reportedly", "publicly", "already", "did", "does", "do",
	"separately", "earlier", "simply", "recently", "privately", "flatly")

// timeWords end a setting phrase: "in an editorial on Saturday". The
// weekday and month names are the calendar's, in full, as words here
// are compared in lower case.
var timeWords = withNames(set("on", "last", "this", "yesterday", "today", "tonight", "earlier", "late", "early",
	"during", "overnight"), calendar.WeekdayNames(), calendar.MonthNames())

// withNames adds to words the full names among each list, in lower case.
func withNames(words map[string]bool, lists ...[]string) map[string]bool {
	for _, names := range lists {
		for _, n := range names {
			if !calendar.Abbreviated(n) {
				words[strings.ToLower(n)] = true
			}
		}
	}
	return words
}

// pronouns that may stand for a speaker named before.
var pronouns = set("he", "she", "it", "they", "we", "i", "you")

// determiners open a noun phrase.
var determiners = set("a", "an", "the", "this", "these", "those", "some", "many", "several", "one", "two",
	"three", "his", "her", "its", "their", "our", "another", "other", "most", "few", "each", "every")

// titleWords are capitalised words of a role that stands before a name:
// "U.S. President Barack Obama", "Chief Executive Daniel Whitcombe".
var titleWords = set("president", "vice", "prime", "minister", "secretary", "spokesman", "spokeswoman",
	"spokesperson", "commissioner", "assistant", "deputy", "chief", "executive", "officer", "director",
	"general", "chairman", "chairwoman", "chair", "governor", "senator", "sen", "representative", "rep",
	"mayor", "judge", "justice", "ambassador", "councillor", "councilor", "inspector", "superintendent",
	"sergeant", "detective", "constable", "professor", "prof", "dr", "mr", "mrs", "ms", "sir", "dame", "king",
	"queen", "prince", "princess", "leader", "treasurer", "attorney", "manager", "head", "chancellor",
	"premier", "captain", "colonel", "lieutenant", "commander", "admiral", "pope", "bishop", "rabbi", "imam",
	"sheikh", "emir", "editor", "founder", "coach", "ceo", "cfo", "coo", "state")

// honorifics say nothing a role should carry once a fuller role is given.
var honorifics = set("mr", "mrs", "ms", "dr", "prof", "sir", "dame")

// personNouns make a noun phrase a person (or people), whom "he" or "she"
// may stand for.
var personNouns = set("spokesman", "spokeswoman", "spokesperson", "official", "officials", "president",
	"minister", "commissioner", "executive", "officer", "director", "chairman", "chairwoman", "governor",
	"senator", "mayor", "judge", "ambassador", "councillor", "councilor", "inspector", "detective",
	"professor", "expert", "experts", "analyst", "analysts", "person", "man", "woman", "resident",
	"residents", "fisherman", "engineer", "scientist", "novelist", "author", "lawmaker", "lawmakers",
	"leader", "secretary", "diplomat", "source", "sources", "witness", "worker", "student", "teacher",
	"lawyer", "doctor", "adviser", "advisor", "economist", "researcher", "member", "founder", "manager",
	"mother", "father", "wife", "husband", "son", "daughter", "chief", "ceo", "head", "editor", "mp")

// orgNouns make a noun phrase an organisation, which "it" may stand for and
// which issues statements.
var orgNouns = set("ministry", "government", "department", "office", "company", "firm", "police", "newspaper",
	"agency", "group", "institute", "alliance", "commission", "committee", "council", "court", "bank",
	"university", "party", "army", "military", "union", "association", "network", "carrier", "embassy",
	"parliament", "congress", "house", "pentagon", "administration", "authority", "board", "service",
	"corporation", "corp", "inc", "ltd", "plc", "llc", "times", "post", "daily", "tabloid", "broadcaster", "channel", "station",
	"gazette", "herald", "tribune", "journal", "club", "foundation", "organisation", "organization",
	"regulator", "watchdog", "federation", "league", "team", "cabinet", "kremlin", "airline", "airport", "port", "hospital", "school", "centre", "center", "fund", "trust")

// mediaNouns follow a publication's name: "China's Global Times newspaper"
// is "the Global Times".
var mediaNouns = set("newspaper", "tabloid", "daily", "paper", "broadcaster", "magazine", "website",
	"agency", "channel", "network", "weekly")

// documentNouns speak for whoever issued them: "the statement said".
var documentNouns = map[string]string{
	"statement": "in a statement", "editorial": "in an editorial", "report": "in a report",
	"communique": "in a communique", "communiqué": "in a communiqué", "letter": "in a letter",
	"release": "in a release", "notice": "in a notice", "memo": "in a memo", "filing": "in a filing",
	"post": "in a post", "transcript": "in a transcript",
}

// settingNouns end a setting phrase that says how something was said: "in
// an interview with CNN", "at a regular briefing".
var settingNouns = set("statement", "statements", "interview", "editorial", "speech", "letter", "post",
	"report", "blog", "op-ed", "column", "video", "message", "broadcast", "address", "tweet", "talks",
	"briefing", "conference", "meeting", "rally", "summit", "hearing", "forum", "session", "event",
	"ceremony", "call", "conversation", "podcast", "documentary", "debate", "testimony", "filing",
	"communique", "communiqué", "release", "remarks", "appearance", "sermon", "lecture", "book", "article")

// eventNouns make "told a news conference" read "at a news conference".
var eventNouns = set("briefing", "conference", "meeting", "rally", "summit", "hearing", "forum", "session",
	"event", "ceremony", "gathering", "debate", "lecture")

// titleCues before a capitalised quotation mark it as a title or a name, not
// speech: "the comedy "The Interview"".
var titleCues = set("film", "movie", "comedy", "documentary", "book", "novel", "memoir", "song", "album",
	"single", "show", "series", "programme", "program", "play", "musical", "opera", "game", "poem",
	"painting", "titled", "entitled", "called", "named", "dubbed", "headlined", "article", "column",
	"thriller", "drama", "sitcom", "episode", "campaign", "operation", "app", "exhibition", "podcast",
	"slogan", "hashtag", "motto", "nickname", "codenamed", "code-named", "brand", "newspaper", "magazine")

// smallWords may be lowercase in a title.
var smallWords = set("a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from",
	"as", "but", "nor", "is", "vs")
