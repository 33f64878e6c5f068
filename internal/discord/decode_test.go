package discord

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// decodeBodies are interactions of every type the endpoint serves, as
// Discord sends them, and bodies it must refuse.
var decodeBodies = map[string]string{
	"ping":         `{"type":1,"id":"1","application_id":"a","token":"t","version":1}`,
	"ask":          `{"application_id":"1","channel_id":"3","data":{"id":"4","name":"ask","options":[{"name":"question","type":3,"value":"what did China say about proof?"}],"type":1},"guild_id":"2","id":"17","member":{"user":{"id":"17","username":"student"},"permissions":"8192"},"token":"tok1","type":2,"version":1,"locale":"en-GB","app_permissions":"2048"}`,
	"data first":   `{"data":{"id":"4","name":"ask","options":[{"name":"question","type":3,"value":"Who is Hua Chunying?"},{"name":"private","type":5,"value":true}],"type":1},"type":2,"id":"1","user":{"id":"9"}}`,
	"autocomplete": `{"type":4,"id":"1","data":{"id":"4","name":"ask","type":1,"options":[{"name":"question","type":3,"value":"chi","focused":true}]}}`,
	"find source":  `{"type":2,"id":"1","data":{"id":"c","name":"Find source","type":3,"target_id":"9","resolved":{"messages":{"9":{"id":"9","channel_id":"3","content":"China hacked Sony"}}}}}`,
	"button":       `{"type":3,"id":"1","member":{"user":{"id":"u1"}},"data":{"custom_id":"more|000_e50f249042850110/2","component_type":2},"message":{"id":"5","channel_id":"6","embeds":[{"title":"t","footer":{"text":"Question: who?"}}],"components":[{"type":1,"components":[{"type":2,"style":2,"label":"👍","custom_id":"up|rec0001"}]}]}}`,
	"select":       `{"type":3,"id":"1","data":{"custom_id":"pick","component_type":3,"values":["a","b"]}}`,
	"modal":        `{"type":5,"id":"1","data":{"custom_id":"m","components":[{"type":1,"components":[{"type":4,"custom_id":"f","value":"v"}]}]}}`,
	"unknown type": `{"type":99,"id":"1","data":{"x":1}}`,
	"null":         `null`,
	"data null":    `{"type":2,"id":"1","data":null}`,
	"no data":      `{"type":2,"id":"1"}`,
	"data array":   `{"type":3,"id":"1","data":[1]}`,
	"type string":  `{"type":"2","id":"1","data":{}}`,
	"id number":    `{"type":2,"id":1,"data":{}}`,
	"truncated":    `{"type":2,"id":"1","data":{"name":"ask"`,
	"trailing":     `{"type":1} {}`,
	"array":        `[1,2]`,
	"empty":        ``,
}

// decodeLikeDiscordgo checks decodeInteraction against discordgo's own
// decoding: the same value, and an error exactly when it gives one.
func decodeLikeDiscordgo(t *testing.T, body []byte) {
	t.Helper()
	var want, got discordgo.Interaction
	wantErr := json.Unmarshal(body, &want)
	gotErr := decodeInteraction(body, &got)
	if (wantErr == nil) != (gotErr == nil) {
		t.Fatalf("%s: error %v, discordgo's %v", body, gotErr, wantErr)
	}
	if wantErr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\ndecoded   %+v\ndiscordgo %+v", body, got, want)
	}
}

func TestDecodeInteractionAsDiscordgo(t *testing.T) {
	for name, body := range decodeBodies {
		t.Run(name, func(t *testing.T) { decodeLikeDiscordgo(t, []byte(body)) })
	}
	for name, body := range nullBodies {
		t.Run(name, func(t *testing.T) { decodeLikeDiscordgo(t, []byte(body)) })
	}
}

func FuzzDecodeInteraction(f *testing.F) {
	for _, body := range decodeBodies {
		f.Add([]byte(body))
	}
	for _, body := range nullBodies {
		f.Add([]byte(body))
	}
	for _, body := range trickyBodies {
		f.Add([]byte(body))
	}
	f.Add(guildAsk(f))
	f.Add([]byte(loadgenAsk))
	f.Fuzz(decodeLikeDiscordgo)
}

// BenchmarkDecodeInteraction decodes an /ask's body as the endpoint does,
// through encoding/json alone (decodeFull), and as discordgo's
// UnmarshalJSON does through json.Unmarshal: the body loadgen sends, and
// one as Discord sends it in a server.
func BenchmarkDecodeInteraction(b *testing.B) {
	for _, body := range []struct {
		name string
		b    []byte
	}{{"loadgen", []byte(loadgenAsk)}, {"discord", guildAsk(b)}} {
		for _, dec := range []struct {
			name string
			f    func([]byte, *discordgo.Interaction) error
		}{
			{"endpoint", decodeInteraction},
			{"full", decodeFull},
			{"discordgo", func(body []byte, i *discordgo.Interaction) error { return json.Unmarshal(body, i) }},
		} {
			b.Run(body.name+"/"+dec.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					var i discordgo.Interaction
					if err := dec.f(body.b, &i); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
