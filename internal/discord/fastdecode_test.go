package discord

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// guildAsk is an /ask as Discord sends it in a server today, with the
// keys discordgo does not know (channel, guild, entitlement_sku_ids, …).
func guildAsk(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/interaction_guild_ask.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// loadgenAsk is the body cmd/loadgen sends: only what Discord must.
const loadgenAsk = `{"application_id":"1","channel_id":"3","data":{"id":"4","name":"ask","options":[{"name":"question","type":3,"value":"What did China say about proof?"}],"type":1},"guild_id":"2","id":"1317051114571251782","member":{"user":{"id":"1317051114571251782","username":"student"}},"token":"tok17","type":2,"version":1}`

// trickyBodies are near misses of the bodies fastDecode reads, which it
// must leave to json.Unmarshal: encoding/json reads each differently from
// the plain reading, or refuses it, or (the deep options) it is past what
// the fast path reads.
var trickyBodies = map[string]string{
	"key in capitals":       `{"type":2,"ID":"1","data":{"name":"ask"}}`,
	"key with an escape":    `{"type":2,"\u0069d":"1","data":{"name":"ask"}}`,
	"key folded by Unicode": `{"type":2,"data":{"name":"ask"},"to\u212aen":"t"}`,
	"key twice":             `{"type":2,"id":"1","id":"2","data":{"name":"ask"}}`,
	"member twice":          `{"type":2,"member":{"nick":"a"},"member":{"user":{"id":"1"}},"data":{}}`,
	"value with an escape":  `{"type":2,"data":{"name":"ask","options":[{"name":"question","type":3,"value":"the \"act of war\""}]}}`,
	"invalid UTF-8":         "{\"type\":2,\"data\":{\"name\":\"as\xffk\"}}",
	"control character":     "{\"type\":2,\"data\":{\"name\":\"a\tsk\"}}",
	"type too big":          `{"type":258,"data":{}}`,
	"type a fraction":       `{"type":2.0,"data":{}}`,
	"type with exponent":    `{"type":2e0,"data":{}}`,
	"type negative zero":    `{"type":-0,"data":{}}`,
	"leading zero":          `{"type":02,"data":{}}`,
	"permissions spaced":    `{"type":2,"member":{"permissions":" 8"},"data":{}}`,
	"permissions unquoted":  `{"type":2,"member":{"permissions":8},"data":{}}`,
	"permissions null text": `{"type":2,"member":{"permissions":"null"},"data":{}}`,
	"permissions 007":       `{"type":2,"member":{"permissions":"007"},"data":{}}`,
	"owners key 00":         `{"type":2,"authorizing_integration_owners":{"0":"a","00":"b"},"data":{}}`,
	"owners key spaced":     `{"type":2,"authorizing_integration_owners":{" 1":"a"},"data":{}}`,
	"owners value null":     `{"type":2,"authorizing_integration_owners":{"1":null},"data":{}}`,
	"joined_at bad":         `{"type":2,"member":{"joined_at":"yesterday"},"data":{}}`,
	"joined_at number":      `{"type":2,"member":{"joined_at":5},"data":{}}`,
	"role null":             `{"type":2,"member":{"roles":[null]},"data":{}}`,
	"option null":           `{"type":2,"data":{"options":[null]}}`,
	"option number":         `{"type":2,"data":{"options":[{"name":"n","type":4,"value":3}]}}`,
	"resolved":              `{"type":2,"data":{"name":"Find source","type":3,"resolved":{}}}`,
	"entitlement":           `{"type":2,"entitlements":[{"id":"1"}],"data":{}}`,
	"message":               `{"type":2,"message":{"id":"1"},"data":{}}`,
	"data first, button":    `{"data":{"custom_id":"x"},"type":3}`,
	"skipped bad number":    `{"type":2,"attachment_size_limit":1.,"data":{}}`,
	"skipped bad escape":    `{"type":2,"channel":{"name":"\x"},"data":{}}`,
	"skipped bad literal":   `{"type":2,"channel":{"nsfw":nope},"data":{}}`,
	"skipped deep":          `{"type":2,"channel":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `,"data":{}}`,
	"skipped unclosed":      `{"type":2,"data":{},"guild":{"id":"1"`,
	"null then junk":        `{"type":2,"nick":nullx,"data":{}}`,
	"trailing comma":        `{"type":2,"data":{},}`,
	"trailing value":        `{"type":2,"data":{}} 1`,
	"data null":             `{"type":2,"data":null}`,
	"options deep":          `{"type":2,"data":{"name":"x"` + strings.Repeat(`,"options":[{"name":"x"`, 70) + strings.Repeat("}]", 70) + `}}`,
}

func TestFastDecodeLeavesTrickyBodies(t *testing.T) {
	for name, body := range trickyBodies {
		t.Run(name, func(t *testing.T) {
			decodeLikeDiscordgo(t, []byte(body))
			var i discordgo.Interaction
			if fastDecode([]byte(body), &i) {
				t.Errorf("the fast path read %s; it should have left it to json.Unmarshal", body)
			}
		})
	}
}

// TestFastDecodeServes checks that the fast path takes the bodies it is
// for, and reads them as discordgo does: if it took none, the endpoint
// would still be right, and slow.
func TestFastDecodeServes(t *testing.T) {
	bodies := map[string][]byte{
		"as Discord sends it":    guildAsk(t),
		"as loadgen sends it":    []byte(loadgenAsk),
		"in a DM":                []byte(`{"type":2,"id":"1","context":1,"user":{"id":"9","username":"u","global_name":null,"bot":false},"data":{"id":"4","name":"sources","type":1},"token":"t","version":1}`),
		"subcommand":             []byte(`{"type":2,"id":"1","data":{"name":"library","type":1,"options":[{"name":"list","type":1,"options":[]}]}}`),
		"as discordgo writes it": mustJSON(t, slash(cmdAsk, str(optQuestion, "who said what?"))),
		"white space":            []byte(" {\n\t\"type\" : 4 ,\r\n \"data\" : { \"options\" : [ { \"name\" : \"question\" , \"value\" : \"chi\" , \"focused\" : true } ] } } \n"),
	}
	for _, name := range []string{"ask", "data first", "autocomplete", "member user null"} {
		body, ok := decodeBodies[name]
		if !ok {
			body = nullBodies[name]
		}
		bodies[name] = []byte(body)
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			var i discordgo.Interaction
			if !fastDecode(body, &i) {
				t.Fatalf("the fast path left %s to json.Unmarshal", body)
			}
			decodeLikeDiscordgo(t, body)
		})
	}
}

// TestFastFieldsCoverDiscordgo checks that the fast path knows every JSON
// name of the types it fills: a name it did not know it would skip, where
// json.Unmarshal sets a field.
func TestFastFieldsCoverDiscordgo(t *testing.T) {
	for _, c := range []struct {
		typ   any
		names []string
	}{
		{discordgo.Interaction{}, keys(interactionFields)},
		{discordgo.Member{}, keys(memberFields)},
		{discordgo.User{}, keys(userFields)},
		{discordgo.ApplicationCommandInteractionData{}, keys(commandDataFields)},
		{discordgo.ApplicationCommandInteractionDataOption{}, keys(optionFields)},
	} {
		typ := reflect.TypeOf(c.typ)
		for f := range typ.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				t.Errorf("%s.%s has no JSON name: the fast path matches names exactly", typ, f.Name)
				continue
			}
			if !strings.Contains(" "+strings.Join(c.names, " ")+" ", " "+name+" ") {
				t.Errorf("the fast path does not know %s's %q", typ, name)
			}
			if !skippable([]byte(name)) {
				t.Errorf("%s's %q is not lower-case ASCII: skippable's reasoning fails", typ, name)
			}
		}
	}
}

func keys[T any](fs fields[T]) []string {
	var out []string
	for k := range fs {
		out = append(out, k)
	}
	return out
}
