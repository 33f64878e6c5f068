package corpus

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// meta is what a front-matter block says; empty fields say nothing.
type meta struct {
	title, source, date, url string
}

// splitFrontMatter separates an optional "---" block at the top of text.
func splitFrontMatter(text string) (meta, string, error) {
	var m meta
	trimmed := strings.TrimLeft(text, " \t\n")
	if !strings.HasPrefix(trimmed, "---\n") {
		return m, text, nil
	}
	head, rest, ok := strings.Cut(trimmed[len("---\n"):], "\n---")
	if !ok {
		return m, text, errors.New("no closing --- line")
	}
	if rest != "" && rest[0] != '\n' {
		return m, text, errors.New("closing --- must be alone on its line")
	}
	for n, line := range strings.Split(head, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return m, text, fmt.Errorf("line %d: want key: value, got %q", n+2, line)
		}
		if err := m.set(k, strings.Trim(strings.TrimSpace(v), `"'`)); err != nil {
			return m, text, fmt.Errorf("line %d: %w", n+2, err)
		}
	}
	return m, rest, nil
}

// set sets the field key to v, which must be a date for "date" and an
// http(s) URL for "url".
func (m *meta) set(key, v string) error {
	switch strings.ToLower(strings.TrimSpace(key)) {
	case "title":
		m.title = v
	case "source":
		m.source = v
	case "date":
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return fmt.Errorf("date %q is not YYYY-MM-DD", v)
		}
		m.date = v
	case "url":
		if u, err := url.Parse(v); err != nil || u.Scheme != "http" && u.Scheme != "https" {
			return fmt.Errorf("url %q is not an http(s) URL", v)
		}
		m.url = v
	default:
		return fmt.Errorf("unknown key %q (want title, source, date or url)", key)
	}
	return nil
}

func (m meta) apply(a *Article) {
	if m.title != "" {
		a.Title = m.title
	}
	if m.source != "" {
		a.Source = m.source
	}
	if m.date != "" {
		a.Date = m.date
	}
	if m.url != "" {
		a.URL = m.url
	}
}
