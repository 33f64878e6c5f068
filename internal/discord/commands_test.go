package discord

import (
	"os"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// TestCommandsAgreeWithREADME: a command the README's table gives to
// moderators is registered with the permission it names, and only those.
func TestCommandsAgreeWithREADME(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows, full := map[string]string{}, map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		for _, c := range Commands() {
			prefix := "| `/" + c.Name
			if c.Type == discordgo.MessageApplicationCommand {
				prefix = "| **" + c.Name + "**"
			}
			if strings.HasPrefix(line, prefix) {
				rows[c.Name], _, _ = strings.Cut(strings.TrimPrefix(line, "| "), " | ")
				full[c.Name] = line
			}
		}
	}
	for _, c := range Commands() {
		row, ok := rows[c.Name]
		if !ok {
			t.Errorf("%s is not in the README's table", c.Name)
			continue
		}
		var want *int64
		for name, p := range map[string]int64{"Manage Messages": discordgo.PermissionManageMessages, "Manage Server": discordgo.PermissionManageGuild} {
			if strings.Contains(row, name) {
				want = &p
			}
		}
		got := c.DefaultMemberPermissions
		if strings.Contains(strings.ToLower(full[c.Name]), "moderator") && want == nil {
			t.Errorf("the README gives %s to moderators, but names no permission in %q", c.Name, row)
		}
		switch {
		case want == nil && got != nil:
			t.Errorf("%s is registered for %d, but the README (%q) names no permission", c.Name, *got, row)
		case want != nil && (got == nil || *got != *want):
			t.Errorf("%s: the README (%q) says permission %d, registered %v", c.Name, row, *want, got)
		}
		if want != nil && c.Contexts != nil && len(*c.Contexts) != 1 {
			t.Errorf("%s is for moderators but usable outside servers: contexts %v", c.Name, *c.Contexts)
		}
	}
}
