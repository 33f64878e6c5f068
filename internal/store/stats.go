package store

import (
	"context"
	"fmt"
	"time"
)

// StatsQuery selects the window of a Stats report.
type StatsQuery struct {
	GuildID string    // "" for every guild
	Days    int       // UTC days, today included; 0 means 7, at most 366
	Now     time.Time // zero means time.Now(); sets "today"
	Top     int       // how many top passages; 0 means 5
}

// Stats summarizes the questions asked in a window of days. Interactions
// without a question (e.g. /stats itself) are not counted. Votes count by
// the day of the question they are on.
type Stats struct {
	Days        []DayStats // one per day, oldest first, empty days included
	Questions   int
	Answered    int
	AnswerRate  float64 // Answered / Questions; 0 without questions
	Up, Down    int     // votes on the window's answers
	HelpfulRate float64 // Up / (Up + Down); 0 without votes
	TopPassages []PassageStats
}

// DayStats counts one UTC day's questions.
type DayStats struct {
	Day       time.Time // midnight UTC
	Questions int
	Answered  int
}

// PassageStats is how often a passage was the answer, and its votes.
type PassageStats struct {
	PassageID string
	Answers   int
	Up, Down  int
}

const (
	dayMS        = 24 * 60 * 60 * 1000
	maxStatsDays = 366
)

// Stats reports on the q.Days UTC days up to and including the day of q.Now.
// TopPassages are the passages given most often as answers, ties broken
// by passage id.
func (s *Store) Stats(ctx context.Context, q StatsQuery) (Stats, error) {
	if err := s.flush(ctx); err != nil {
		return Stats{}, err
	}
	q = q.withDefaults()
	today := q.Now.UnixMilli() / dayMS
	w := statsWindow{first: today - int64(q.Days) + 1, today: today}
	guild, gargs := guildFilter(q.GuildID)
	w.args = append([]any{w.first * dayMS, (today + 1) * dayMS}, gargs...)
	w.cond = ` i.at_ms >= ? AND i.at_ms < ?` + guild + ` AND i.question <> ''`

	st := Stats{Days: make([]DayStats, q.Days)}
	for d := range st.Days {
		st.Days[d].Day = time.UnixMilli((w.first + int64(d)) * dayMS).UTC()
	}
	if err := s.statsPerDay(ctx, w, &st); err != nil {
		return Stats{}, err
	}
	if err := s.statsVotes(ctx, w, &st); err != nil {
		return Stats{}, err
	}
	top, err := s.topPassages(ctx, w, q.Top)
	if err != nil {
		return Stats{}, err
	}
	st.TopPassages = top
	return st, nil
}

// withDefaults fills in what q leaves zero (7 days, the top 5, now) and
// caps the days.
func (q StatsQuery) withDefaults() StatsQuery {
	if q.Days <= 0 {
		q.Days = 7
	}
	if q.Top <= 0 {
		q.Top = 5
	}
	if q.Now.IsZero() {
		q.Now = time.Now()
	}
	q.Days = min(q.Days, maxStatsDays)
	return q
}

// statsWindow is the condition on interactions i that selects a report's
// days (first to today, in days since 1970), with its arguments.
type statsWindow struct {
	first, today int64
	cond         string
	args         []any
}

// statsPerDay counts the questions and answers of each day.
func (s *Store) statsPerDay(ctx context.Context, w statsWindow, st *Stats) error {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT i.at_ms / `+fmt.Sprint(dayMS)+` AS day, COUNT(*),
		CAST(SUM(CASE WHEN i.answered THEN 1 ELSE 0 END) AS BIGINT)
		FROM interactions i WHERE`+w.cond+`
		GROUP BY day`), w.args...)
	if err != nil {
		return fmt.Errorf("store: stats per day: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var day int64
		var n, answered int
		if err := rows.Scan(&day, &n, &answered); err != nil {
			return fmt.Errorf("store: stats per day: %w", err)
		}
		if day < w.first || day > w.today {
			continue // only for times before 1970, where division rounds up
		}
		d := &st.Days[day-w.first]
		d.Questions, d.Answered = n, answered
		st.Questions += n
		st.Answered += answered
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: stats per day: %w", err)
	}
	if st.Questions > 0 {
		st.AnswerRate = float64(st.Answered) / float64(st.Questions)
	}
	return nil
}

// statsVotes counts the votes on the window's answers.
func (s *Store) statsVotes(ctx context.Context, w statsWindow, st *Stats) error {
	err := s.db.QueryRowContext(ctx, s.q(`SELECT
		CAST(COALESCE(SUM(CASE WHEN v.vote > 0 THEN 1 ELSE 0 END), 0) AS BIGINT),
		CAST(COALESCE(SUM(CASE WHEN v.vote < 0 THEN 1 ELSE 0 END), 0) AS BIGINT)
		FROM votes v JOIN interactions i ON i.id = v.interaction_id
		WHERE`+w.cond), w.args...).Scan(&st.Up, &st.Down)
	if err != nil {
		return fmt.Errorf("store: stats votes: %w", err)
	}
	if st.Up+st.Down > 0 {
		st.HelpfulRate = float64(st.Up) / float64(st.Up+st.Down)
	}
	return nil
}

// topPassages are the top passages given as answers in the window, with
// their votes.
func (s *Store) topPassages(ctx context.Context, w statsWindow, top int) ([]PassageStats, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT i.passage_id, COUNT(*),
		CAST(COALESCE(SUM(v.up), 0) AS BIGINT), CAST(COALESCE(SUM(v.down), 0) AS BIGINT)
		FROM interactions i LEFT JOIN (
			SELECT interaction_id,
				SUM(CASE WHEN vote > 0 THEN 1 ELSE 0 END) AS up,
				SUM(CASE WHEN vote < 0 THEN 1 ELSE 0 END) AS down
			FROM votes GROUP BY interaction_id
		) v ON v.interaction_id = i.id
		WHERE`+w.cond+` AND i.answered AND i.passage_id <> ''
		GROUP BY i.passage_id
		ORDER BY COUNT(*) DESC, i.passage_id
		LIMIT ?`), append(w.args, top)...)
	if err != nil {
		return nil, fmt.Errorf("store: stats passages: %w", err)
	}
	defer rows.Close()
	var out []PassageStats
	for rows.Next() {
		var p PassageStats
		if err := rows.Scan(&p.PassageID, &p.Answers, &p.Up, &p.Down); err != nil {
			return nil, fmt.Errorf("store: stats passages: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: stats passages: %w", err)
	}
	return out, nil
}
