package discord

import (
	"context"
	"errors"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/discord/discordtest"
)

// TestCommandTable walks the command table: every command is registered
// with fake Discord, every entry is dispatched to its handler (whatever
// it then replies, it is not "unknown"), and every command is named in
// /help. That an e2e test exercises each entry is checked in cmd/bot
// (TestMain there, against CommandNames).
func TestCommandTable(t *testing.T) {
	base := mustHandler(t).engines.cur
	h := NewHandler(slog.New(slog.DiscardHandler), base.eng, Config{Examples: base.examples, Feedback: newMemFeedback(), RatePerMinute: 1000,
		Operators: []string{"mod"}, Load: func(context.Context) (*Loaded, error) { return &Loaded{Engine: base.eng}, nil }})
	hs := newHarness(t, "gateway", h, 5*time.Second)
	registered := map[string]bool{}
	for _, c := range hs.fake.Commands(discordtest.GuildID) {
		registered[c.Name] = true
	}
	help := shown(hs.send(hs.fake.SlashCommand(cmdHelp)))
	if help == nil || len(help.Embeds) != 1 {
		t.Fatalf("/help shown as %+v", help)
	}
	for _, c := range table.all {
		name := c.action
		if c.def != nil {
			name = c.def.Name
		}
		t.Run(name, func(t *testing.T) {
			var in *discordgo.Interaction
			switch {
			case c.def == nil:
				in = button(c.action+"|"+proofID, footerMessage("what did China say about proof?"))
			case c.def.Type == discordgo.MessageApplicationCommand:
				in = findSource("China says there is no evidence North Korea hacked Sony")
				in.Data = withName(in.Data.(discordgo.ApplicationCommandInteractionData), name)
			default:
				in = asModerator(slash(name, str(optQuestion, "what did China say about proof?"), str(optText, "act of cyber vandalism")))
			}
			resp, err := h.Handle(context.Background(), in)
			if errors.Is(err, ErrUnknownInteraction) || resp.Data != nil && strings.Contains(resp.Data.Content, "I don't know that command") {
				t.Errorf("%s is not dispatched: %+v, %v", name, resp.Data, err)
			}
			if c.def == nil {
				return // a button, named in /help by its label
			}
			if !registered[name] {
				t.Errorf("%s is not registered (registered: %v)", name, registered)
			}
			listed := "**/" + name + "**"
			if c.def.Type == discordgo.MessageApplicationCommand {
				listed = "**" + name + "**"
			}
			if name != cmdHelp && !strings.Contains(help.Embeds[0].Description, listed) {
				t.Errorf("/help does not name %s", listed)
			}
			if c.access != everyone && c.help != "" && !strings.Contains(c.help, "for moderators") && !strings.Contains(c.help, "for the bot's operators") &&
				!strings.Contains(c.help, "for teachers") {
				t.Errorf("%s is not for everyone, but its /help line does not say for whom: %q", name, c.help)
			}
		})
	}
	if n := len(registered); n != len(table.commands) {
		t.Errorf("%d commands registered, the table has %d", n, len(table.commands))
	}
}

func withName(d discordgo.ApplicationCommandInteractionData, name string) discordgo.ApplicationCommandInteractionData {
	d.Name = name
	return d
}

// TestCommandNames: the names the e2e tests are checked against are the
// table's, as the log line names them.
func TestCommandNames(t *testing.T) {
	names := strings.Join(CommandNames(), ",")
	for _, want := range []string{"ask", "Find source", "button:cite", "button:up"} {
		if !strings.Contains(","+names+",", ","+want+",") {
			t.Errorf("CommandNames() = %s, want %q among them", names, want)
		}
	}
}

// TestSubcommandsRegister: a command with subcommands (as a table entry
// may have) is registered with each subcommand's own options.
func TestSubcommandsRegister(t *testing.T) {
	cmd := &discordgo.ApplicationCommand{Name: "library", Description: "This server's own articles", Options: []*discordgo.ApplicationCommandOption{
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "add", Description: "Add an article", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "url", Description: "Its address", Required: true}}},
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list", Description: "List them"},
	}}
	got := string(mustJSON(t, toCommands([]*discordgo.ApplicationCommand{cmd}, false)))
	want := `"options":[{"type":1,"name":"add","description":"Add an article","options":[{"type":3,"name":"url","description":"Its address","required":true}]},{"type":1,"name":"list","description":"List them"}]`
	if !strings.Contains(got, want) {
		t.Errorf("registered as %s\nwant the options %s", got, want)
	}
}

// TestAccessIsChecked: an entry whose access says the bot checks who runs
// it lists the gate that does, so that access alone never stands for a
// check that does not run.
func TestAccessIsChecked(t *testing.T) {
	want := map[access]gate{moderatorsChecked: moderatorsOnly, operators: operatorsOnly, teachers: teachersOnly}
	for _, c := range table.all {
		g, ok := want[c.access]
		if !ok {
			continue
		}
		found := false
		for _, have := range c.gates {
			if reflect.ValueOf(have).Pointer() == reflect.ValueOf(g).Pointer() {
				found = true
			}
		}
		if !found {
			t.Errorf("%s%s: access %d but its gates do not check it", c.action, nameOf(c), c.access)
		}
	}
}

func nameOf(c *command) string {
	if c.def == nil {
		return ""
	}
	return c.def.Name
}
