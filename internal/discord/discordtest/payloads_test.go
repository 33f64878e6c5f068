package discordtest

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func TestPayloadsDecode(t *testing.T) {
	t.Parallel()
	srv := New(t, WithoutConformance()) // discordgo's own bodies

	slash, err := srv.SlashCommand("ask", StringArg("question", "q"), IntArg("limit", 3), BoolArg("public", true), NumberArg("w", 0.5)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	d := slash.ApplicationCommandData()
	if slash.Type != discordgo.InteractionApplicationCommand || d.CommandType != discordgo.ChatApplicationCommand || d.Name != "ask" ||
		d.GetOption("question").StringValue() != "q" || d.GetOption("limit").IntValue() != 3 || !d.GetOption("public").BoolValue() || d.GetOption("w").FloatValue() != 0.5 {
		t.Errorf("slash = %+v", d)
	}
	if slash.AppID != AppID || slash.GuildID != GuildID || slash.ChannelID != ChannelID || slash.Member == nil || slash.Member.User.Username != Username ||
		slash.Version != 1 || slash.AppPermissions == 0 || slash.Token == "" || slash.Locale != discordgo.EnglishUS || slash.Member.Permissions == 0 {
		t.Errorf("slash fields = %+v", slash)
	}

	sub, err := srv.SlashCommand("news", SubcommandArg("latest", StringArg("topic", "go"))).Decode()
	if err != nil || sub.ApplicationCommandData().Options[0].Options[0].StringValue() != "go" {
		t.Errorf("subcommand = %+v, %v", sub, err)
	}

	target := &discordgo.Message{Content: "Rates rise", Embeds: []*discordgo.MessageEmbed{{Title: "t"}}}
	mc, err := srv.MessageCommand("Ask about this", target).Decode()
	if err != nil {
		t.Fatal(err)
	}
	md := mc.ApplicationCommandData()
	if md.CommandType != discordgo.MessageApplicationCommand || md.TargetID == "" || md.Resolved == nil ||
		md.Resolved.Messages[md.TargetID].Content != "Rates rise" || md.Resolved.Messages[md.TargetID].Author.ID != UserID {
		t.Errorf("message command = %+v", md)
	}
	if target.ID != "" {
		t.Error("MessageCommand changed its argument")
	}

	botMsg := &discordgo.Message{ID: "42", Content: "answer", Embeds: []*discordgo.MessageEmbed{{Title: "Sources"}},
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "More", CustomID: "more:1", Style: discordgo.PrimaryButton},
		}}}}
	comp, err := srv.Component("more:1", botMsg).Decode()
	if err != nil {
		t.Fatal(err)
	}
	cd := comp.MessageComponentData()
	if comp.Type != discordgo.InteractionMessageComponent || cd.CustomID != "more:1" || cd.ComponentType != discordgo.ButtonComponent ||
		comp.Message == nil || comp.Message.ID != "42" || comp.Message.Author.ID != BotUserID || len(comp.Message.Embeds) != 1 || len(comp.Message.Components) != 1 {
		t.Errorf("component = %+v data %+v", comp, cd)
	}
	sel, err := srv.Component("pick", nil, "a", "b").Decode()
	if err != nil || sel.MessageComponentData().ComponentType != discordgo.SelectMenuComponent || len(sel.MessageComponentData().Values) != 2 {
		t.Errorf("select = %+v, %v", sel, err)
	}

	ac, err := srv.Autocomplete("ask", StringArg("question", "x"), FocusedArg("source", "reu")).Decode()
	if err != nil {
		t.Fatal(err)
	}
	ad := ac.ApplicationCommandData()
	if ac.Type != discordgo.InteractionApplicationCommandAutocomplete || !ad.GetOption("source").Focused || ad.GetOption("source").StringValue() != "reu" {
		t.Errorf("autocomplete = %+v", ad)
	}

	dm, err := srv.SlashCommand("ask").ByUser("77", "bob").InDM().Decode()
	if err != nil || dm.GuildID != "" || dm.Member != nil || dm.User == nil || dm.User.ID != "77" || dm.Context != discordgo.InteractionContextBotDM {
		t.Errorf("DM = %+v, %v", dm, err)
	}
	back, err := srv.SlashCommand("ask").InDM().InChannel("9", "10").Decode()
	if err != nil || back.GuildID != "9" || back.Member == nil || back.User != nil {
		t.Errorf("InChannel = %+v, %v", back, err)
	}
}

// TestInteractionRules drives the callback and webhook endpoints directly
// (no gateway connection is needed to register an interaction... except
// Dispatch needs one, so a session is opened).
func TestInteractionRules(t *testing.T) {
	t.Parallel()
	srv := New(t, WithoutConformance(), WithInteractionDeadline(300*time.Millisecond))
	ctx := ctxT(t)
	s, ev := open(t, srv)
	if err := srv.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	code := func(err error) int {
		var rest *discordgo.RESTError
		if errors.As(err, &rest) && rest.Message != nil {
			return rest.Message.Code
		}
		return -1
	}
	dispatch := func(p Payload) *discordgo.Interaction {
		t.Helper()
		if err := srv.Dispatch("INTERACTION_CREATE", p); err != nil {
			t.Fatal(err)
		}
		return recv(t, ev.interactions, "interaction").Interaction
	}
	msg := func(content string) *discordgo.InteractionResponse {
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{Content: content}}
	}

	// Webhooks do not exist before the callback.
	in := dispatch(srv.SlashCommand("ask"))
	c := "early"
	if _, err := s.InteractionResponseEdit(in, &discordgo.WebhookEdit{Content: &c}); code(err) != 10015 {
		t.Errorf("edit before callback: %v", err)
	}
	// Empty and oversized messages are refused and do not acknowledge.
	if err := s.InteractionRespond(in, msg("")); code(err) != 50006 {
		t.Errorf("empty: %v", err)
	}
	if err := s.InteractionRespond(in, msg(strings.Repeat("x", 2001))); code(err) != 50035 {
		t.Errorf("2001 chars: %v", err)
	}
	long := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{
		Embeds: []*discordgo.MessageEmbed{{Description: strings.Repeat("d", 4097)}}}}
	if err := s.InteractionRespond(in, long); code(err) != 50035 {
		t.Errorf("long embed: %v", err)
	}
	if err := s.InteractionRespond(in, &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult}); code(err) != 50035 {
		t.Errorf("autocomplete result for a command: %v", err)
	}
	if err := s.InteractionRespond(in, msg("hello")); err != nil {
		t.Fatal(err)
	}
	st, err := srv.WaitInteraction(ctx, in.ID, nil)
	if err != nil || st.ResponseType != discordgo.InteractionResponseChannelMessageWithSource || st.Original.Content != "hello" {
		t.Errorf("state = %+v, %v", st, err)
	}

	// Wrong token, unknown interaction.
	forged := *in
	forged.Token = "forged"
	if err := s.InteractionRespond(&forged, msg("x")); code(err) != 50027 {
		t.Errorf("forged token: %v", err)
	}
	forged.ID = "1"
	if err := s.InteractionRespond(&forged, msg("x")); code(err) != 10062 {
		t.Errorf("unknown interaction: %v", err)
	}

	// Too late.
	late := dispatch(srv.SlashCommand("ask"))
	time.Sleep(350 * time.Millisecond)
	if err := s.InteractionRespond(late, msg("late")); code(err) != 10062 {
		t.Errorf("late callback: %v", err)
	}

	// Component: update the message it sits on.
	comp := dispatch(srv.Component("more:1", st.Original))
	upd := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage, Data: &discordgo.InteractionResponseData{
		Content: "updated",
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "A", CustomID: "dup", Style: discordgo.PrimaryButton},
			discordgo.Button{Label: "B", CustomID: "dup", Style: discordgo.SecondaryButton},
		}}}}}
	if err := s.InteractionRespond(comp, upd); code(err) != 50035 {
		t.Errorf("duplicate custom_id: %v", err)
	}
	upd.Data.Components[0].(discordgo.ActionsRow).Components[1] = discordgo.Button{Label: "Docs", URL: "https://example.com", Style: discordgo.LinkButton}
	if err := s.InteractionRespond(comp, upd); err != nil {
		t.Fatal(err)
	}
	cst, _ := srv.Interaction(comp.ID)
	if cst.Original == nil || cst.Original.ID != st.Original.ID || cst.Original.Content != "updated" || len(cst.Original.Components) != 1 {
		t.Errorf("updated message = %+v", cst.Original)
	}

	// Autocomplete answers with choices.
	ac := dispatch(srv.Autocomplete("ask", FocusedArg("question", "wh")))
	if err := s.InteractionRespond(ac, msg("no")); code(err) != 50035 {
		t.Errorf("message for autocomplete: %v", err)
	}
	choices := &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{
		Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "who", Value: "who"}}}}
	if err := s.InteractionRespond(ac, choices); err != nil {
		t.Fatal(err)
	}
	var body discordgo.InteractionResponse
	ast, _ := srv.Interaction(ac.ID)
	if err := json.Unmarshal(ast.Response, &body); err != nil || len(body.Data.Choices) != 1 || ast.Original != nil {
		t.Errorf("autocomplete state = %+v, %v", ast, err)
	}

	// Attachments arrive as multipart and show up on the message.
	fin := dispatch(srv.SlashCommand("ask"))
	withFile := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{
		Content: "see file", Files: []*discordgo.File{{Name: "a.txt", ContentType: "text/plain", Reader: strings.NewReader("hi")}}}}
	if err := s.InteractionRespond(fin, withFile); err != nil {
		t.Fatal(err)
	}
	fst, _ := srv.Interaction(fin.ID)
	if fst.Original == nil || fst.Original.Content != "see file" || len(fst.Original.Attachments) != 1 || fst.Original.Attachments[0].Filename != "a.txt" {
		t.Errorf("multipart message = %+v", fst.Original)
	}
	if err := s.InteractionResponseDelete(fin); err != nil {
		t.Fatal(err)
	}
	if _, err := s.InteractionResponse(fin); code(err) != 10008 {
		t.Errorf("GET deleted original: %v", err)
	}
}
