package discordtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// decodeJSON decodes keeping numbers exact (snowflakes, permissions).
func decodeJSON(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d.Decode(v)
}

// ---- Invalid Form Body errors ----

type fieldErr struct{ path, code, msg string }

// formError builds Discord's 50035 body, errors nested by path.
func formError(errs []fieldErr) reply {
	root := map[string]any{}
	for _, e := range errs {
		m := root
		if e.path != "" {
			for _, p := range strings.Split(e.path, ".") {
				child, _ := m[p].(map[string]any)
				if child == nil {
					child = map[string]any{}
					m[p] = child
				}
				m = child
			}
		}
		list, _ := m["_errors"].([]any)
		m["_errors"] = append(list, map[string]any{"code": e.code, "message": e.msg})
	}
	return jsonReply(http.StatusBadRequest, map[string]any{"code": 50035, "errors": root, "message": "Invalid Form Body"})
}

func join(prefix, p string) string {
	if prefix == "" {
		return p
	}
	return prefix + "." + p
}

func str(v any) string { s, _ := v.(string); return s }

func runes(v any) int { return utf8.RuneCountInString(str(v)) }

func toInt(v any, def int) int {
	switch n := v.(type) {
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return int(i)
		}
	case float64:
		return int(n)
	case int:
		return n
	}
	return def
}

func list(v any) []any { l, _ := v.([]any); return l }

func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }

func maxLen(errs *[]fieldErr, p string, v any, max int) {
	if runes(v) > max {
		*errs = append(*errs, fieldErr{p, "BASE_TYPE_MAX_LENGTH", "Must be " + strconv.Itoa(max) + " or fewer in length."})
	}
}

func between(errs *[]fieldErr, p string, v any, min, max int) {
	if n := runes(v); n < min || n > max {
		*errs = append(*errs, fieldErr{p, "BASE_TYPE_BAD_LENGTH", "Must be between " + strconv.Itoa(min) + " and " + strconv.Itoa(max) + " in length."})
	}
}

// ---- messages ----

// validateMessage checks Discord's limits on message create/edit bodies.
func validateMessage(m map[string]any, prefix string) []fieldErr {
	var errs []fieldErr
	maxLen(&errs, join(prefix, "content"), m["content"], 2000)
	embeds := list(m["embeds"])
	if len(embeds) > 10 {
		errs = append(errs, fieldErr{join(prefix, "embeds"), "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length."})
	}
	total := 0
	for i, raw := range embeds {
		p := join(prefix, "embeds."+strconv.Itoa(i))
		e := obj(raw)
		maxLen(&errs, join(p, "title"), e["title"], 256)
		maxLen(&errs, join(p, "description"), e["description"], 4096)
		total += runes(e["title"]) + runes(e["description"])
		if u := str(e["url"]); u != "" && !wellFormedURL(u) {
			errs = append(errs, fieldErr{join(p, "url"), "URL_TYPE_INVALID_URL", "Not a well formed URL."})
		}
		if c := e["color"]; c != nil && (toInt(c, -1) < 0 || toInt(c, -1) > 0xFFFFFF) {
			errs = append(errs, fieldErr{join(p, "color"), "NUMBER_TYPE_MAX", "int value should be less than or equal to 16777215."})
		}
		fields := list(e["fields"])
		if len(fields) > 25 {
			errs = append(errs, fieldErr{join(p, "fields"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."})
		}
		for j, f := range fields {
			fp := join(p, "fields."+strconv.Itoa(j))
			between(&errs, join(fp, "name"), obj(f)["name"], 1, 256)
			between(&errs, join(fp, "value"), obj(f)["value"], 1, 1024)
			total += runes(obj(f)["name"]) + runes(obj(f)["value"])
		}
		if f := obj(e["footer"]); f != nil {
			maxLen(&errs, join(p, "footer.text"), f["text"], 2048)
			total += runes(f["text"])
		}
		if a := obj(e["author"]); a != nil {
			maxLen(&errs, join(p, "author.name"), a["name"], 256)
			total += runes(a["name"])
		}
	}
	if total > 6000 {
		errs = append(errs, fieldErr{join(prefix, "embeds"), "MESSAGE_EMBED_TOO_LARGE", "Embed size exceeds maximum size of 6000"})
	}
	if toInt(m["flags"], 0)&(1<<15) == 0 { // not IS_COMPONENTS_V2
		errs = append(errs, validateComponents(m["components"], join(prefix, "components"))...)
	}
	return errs
}

func wellFormedURL(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https" || p.Scheme == "attachment") && (p.Host != "" || p.Scheme == "attachment")
}

func validateComponents(v any, prefix string) []fieldErr {
	var errs []fieldErr
	rows := list(v)
	if len(rows) > 5 {
		errs = append(errs, fieldErr{prefix, "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length."})
	}
	ids := map[string]bool{}
	for i, raw := range rows {
		errs = append(errs, validateRow(obj(raw), join(prefix, strconv.Itoa(i)), ids)...)
	}
	return errs
}

// validateRow checks one action row at p; ids holds the custom ids seen in
// the message so far.
func validateRow(row map[string]any, p string, ids map[string]bool) []fieldErr {
	if toInt(row["type"], 0) != int(discordgo.ActionsRowComponent) {
		return []fieldErr{{join(p, "type"), "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "Top-level components must be action rows"}}
	}
	var errs []fieldErr
	children := list(row["components"])
	if len(children) < 1 || len(children) > 5 {
		errs = append(errs, fieldErr{join(p, "components"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length."})
	}
	for j, craw := range children {
		cp := join(p, "components."+strconv.Itoa(j))
		c := obj(craw)
		cerrs, hasID := validateChild(c, cp, p, len(children))
		errs = append(errs, cerrs...)
		if !hasID {
			continue
		}
		id := str(c["custom_id"])
		between(&errs, join(cp, "custom_id"), id, 1, 100)
		if id != "" && ids[id] {
			errs = append(errs, fieldErr{join(cp, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated"})
		}
		ids[id] = true
	}
	return errs
}

// validateChild checks component c at cp, in a row at p of n components,
// and reports whether it is one that must carry a custom id.
func validateChild(c map[string]any, cp, p string, n int) (errs []fieldErr, hasID bool) {
	t := toInt(c["type"], 0)
	switch {
	case t == int(discordgo.ButtonComponent):
		return validateButton(c, cp)
	case t >= int(discordgo.SelectMenuComponent) && t <= int(discordgo.ChannelSelectMenuComponent) && t != int(discordgo.TextInputComponent):
		if n > 1 {
			errs = append(errs, fieldErr{join(p, "components"), "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "The specified component exceeds the maximum width"})
		}
		if t == int(discordgo.SelectMenuComponent) {
			if k := len(list(c["options"])); k < 1 || k > 25 {
				errs = append(errs, fieldErr{join(cp, "options"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 25 in length."})
			}
		}
		return errs, true
	default:
		return []fieldErr{{join(cp, "type"), "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (2, 3, 5, 6, 7, 8)."}}, false
	}
}

// validateButton checks button c at cp, and reports whether its style is
// one that must carry a custom id (link and premium buttons have none).
func validateButton(c map[string]any, cp string) (errs []fieldErr, hasID bool) {
	maxLen(&errs, join(cp, "label"), c["label"], 80)
	switch toInt(c["style"], 0) {
	case int(discordgo.LinkButton):
		if !wellFormedURL(str(c["url"])) {
			errs = append(errs, fieldErr{join(cp, "url"), "URL_TYPE_INVALID_URL", "Not a well formed URL."})
		}
		if str(c["custom_id"]) != "" {
			errs = append(errs, fieldErr{join(cp, "custom_id"), "COMPONENT_CUSTOM_ID_INVALID", "Link buttons cannot have a custom_id"})
		}
		return errs, false
	case 1, 2, 3, 4:
		return errs, true
	case 6: // premium
		return errs, false
	default:
		errs = append(errs, fieldErr{join(cp, "style"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6}."})
		return errs, true
	}
}

func emptyMessage(m map[string]any) bool {
	return str(m["content"]) == "" && len(list(m["embeds"])) == 0 && len(list(m["components"])) == 0 &&
		len(list(m["attachments"])) == 0 && m["poll"] == nil && len(list(m["sticker_ids"])) == 0
}

func errEmptyMessage() reply {
	return apiError(http.StatusBadRequest, 50006, "Cannot send an empty message")
}

// attachmentsOf lists the files of a multipart request as attachments.
func attachmentsOf(c Call) []any {
	var out []any
	for _, f := range multipartFiles(c) {
		out = append(out, map[string]any{
			"id": snowflake(), "filename": f.name, "size": f.size, "content_type": f.contentType,
			"url":       "https://cdn.discordapp.com/attachments/" + ChannelID + "/" + snowflake() + "/" + f.name,
			"proxy_url": "https://media.discordapp.net/attachments/" + ChannelID + "/" + snowflake() + "/" + f.name,
		})
	}
	return out
}
