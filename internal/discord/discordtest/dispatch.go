package discordtest

// Driving the gateway from Discord's side: waiting for the bot's IDENTIFY,
// RESUME and READY, dispatching events to the shards that get them, and
// dropping, recycling or invalidating the connection.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// WaitIdentify returns the earliest IDENTIFY not yet returned by
// WaitIdentify, waiting for one if need be. It is recorded even when the
// fake rejects it (bad token: close 4004; bad shard: 4010; privileged
// intents: 4014).
func (s *Server) WaitIdentify(ctx context.Context) (Identify, error) {
	var got Identify
	err := s.wait(ctx, func() bool {
		if s.idTaken < len(s.identifies) {
			got = s.identifies[s.idTaken]
			s.idTaken++
			return true
		}
		return false
	})
	if err != nil {
		return Identify{}, fmt.Errorf("discordtest: no IDENTIFY: %w", err)
	}
	return got, nil
}

// WaitResume returns the earliest RESUME not yet returned by WaitResume,
// waiting for one if need be.
func (s *Server) WaitResume(ctx context.Context) (Resume, error) {
	var got Resume
	err := s.wait(ctx, func() bool {
		if s.resTaken < len(s.resumes) {
			got = s.resumes[s.resTaken]
			s.resTaken++
			return true
		}
		return false
	})
	if err != nil {
		return Resume{}, fmt.Errorf("discordtest: no RESUME: %w", err)
	}
	return got, nil
}

// WaitReady waits until some open gateway connection has been sent READY
// or RESUMED and has not since been told to reconnect (op 7), had its
// session invalidated (op 9) or been closed.
func (s *Server) WaitReady(ctx context.Context) error {
	err := s.wait(ctx, func() bool {
		for _, c := range s.conns {
			if c.ready {
				return true
			}
		}
		return false
	})
	if err != nil {
		return fmt.Errorf("discordtest: no ready gateway connection (%d accepted): %w", s.Connections(), err)
	}
	return nil
}

// WaitHeartbeat waits until a ready connection has sent its first
// heartbeat. discordgo sends one as soon as READY or RESUMED is handled;
// a fault injected before it goes out (op 7 above all) can race
// discordgo's own reconnect: the heartbeat fails on the socket being
// closed and discordgo then closes its new connection with 1000, which
// ends the session. Tests of recovery wait for it so that they test the
// bot, not that race (real Discord leaves ~41 s between heartbeats).
func (s *Server) WaitHeartbeat(ctx context.Context) error {
	err := s.wait(ctx, func() bool {
		for _, c := range s.conns {
			if c.ready && c.beats > 0 {
				return true
			}
		}
		return false
	})
	if err != nil {
		return fmt.Errorf("discordtest: no heartbeat on a ready gateway connection: %w", err)
	}
	return nil
}

// Connections is how many gateway connections were accepted so far.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nconns
}

// ErrNotConnected is returned when no ready gateway connection can take
// an event.
var ErrNotConnected = errors.New("discordtest: no ready gateway connection")

// Dispatch sends a dispatch (op 0) with the session's next seq to every
// ready connection: event is e.g. "INTERACTION_CREATE", data is marshalled
// to JSON (json.RawMessage and []byte are sent as they are). If data has a
// guild_id, connections identified with a shard [id, count] only get it
// when id == (guild_id >> 22) % count, as Discord routes. An
// INTERACTION_CREATE is also registered so its callback and webhook calls
// are accepted. It returns ErrNotConnected if no connection took the event.
func (s *Server) Dispatch(event string, data any) error {
	raw, err := eventData(event, data)
	if err != nil {
		return err
	}
	var head struct {
		GuildID string `json:"guild_id"`
	}
	json.Unmarshal(raw, &head)
	undo := func() {}
	if event == "INTERACTION_CREATE" {
		if undo, err = s.registerInteraction(raw); err != nil {
			return err
		}
	}
	sent := 0
	var errs []error
	for _, c := range s.readyFor(head.GuildID) {
		ok, err := s.dispatchTo(c, event, raw)
		if err != nil {
			errs = append(errs, fmt.Errorf("conn %d: %w", c.n, err))
		} else if ok {
			sent++
		}
	}
	if sent == 0 {
		undo()
		if len(errs) > 0 {
			return fmt.Errorf("%w: %v", ErrNotConnected, errors.Join(errs...))
		}
		return ErrNotConnected
	}
	return nil
}

// eventData is an event's data as JSON: json.RawMessage and []byte as
// they are, anything else marshalled.
func eventData(event string, data any) (json.RawMessage, error) {
	switch d := data.(type) {
	case json.RawMessage:
		return d, nil
	case []byte:
		return d, nil
	}
	b, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("discordtest: marshal %s: %w", event, err)
	}
	return b, nil
}

// readyFor lists the ready connections whose shard gets guildID's events.
func (s *Server) readyFor(guildID string) []*gwConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	var targets []*gwConn
	for _, c := range s.conns {
		if c.ready && c.sess != nil && shardGets(c.sess.shard, guildID) {
			targets = append(targets, c)
		}
	}
	return targets
}

// dispatchTo sends event to c with its session's next seq, keeping the
// last 1,000 for resumes, and reports false if c stopped being ready.
func (s *Server) dispatchTo(c *gwConn, event string, raw json.RawMessage) (bool, error) {
	c.lock()
	defer c.unlock()
	s.mu.Lock()
	if !c.ready || c.sess == nil {
		s.mu.Unlock()
		return false, nil
	}
	sess := c.sess
	sess.seq++
	fr := dispatchFrame(event, sess.seq, raw)
	sess.sent = append(sess.sent, sentEvent{sess.seq, fr})
	if len(sess.sent) > 1000 {
		sess.sent = sess.sent[len(sess.sent)-1000:]
	}
	s.mu.Unlock()
	return true, c.writeLocked(fr)
}

func shardGets(shard *[2]int, guildID string) bool {
	if shard == nil || shard[1] <= 1 || guildID == "" {
		return true
	}
	g, err := strconv.ParseUint(guildID, 10, 64)
	if err != nil {
		return true
	}
	return int((g>>22)%uint64(shard[1])) == shard[0]
}

// CloseConnection drops every open gateway connection: with no close frame
// for code 0 or 1006 (as a network failure), else after a close frame with
// code (e.g. 4000). Codes 4007 and 4009 also end the session, so a RESUME
// gets op 9; after others the session stays resumable. discordgo
// reconnects to the cached gateway URL about one second later.
func (s *Server) CloseConnection(code int) {
	for _, c := range s.openConns(false) {
		s.closeConn(c, code)
	}
}

// SendReconnect sends op 7 on every ready connection; discordgo then closes
// with 1012 and reconnects with RESUME about one second later.
func (s *Server) SendReconnect() error {
	return s.sendOp(opReconnect, nil, false)
}

// SendInvalidSession sends op 9 with d = resumable on every ready
// connection and ends its session (keeping it resumable if asked).
// discordgo answers with IDENTIFY on the same connection.
func (s *Server) SendInvalidSession(resumable bool) error {
	return s.sendOp(opInvalidSession, resumable, !resumable)
}

func (s *Server) openConns(readyOnly bool) []*gwConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*gwConn
	for _, c := range s.conns {
		if !c.closed && (!readyOnly || c.ready) {
			out = append(out, c)
		}
	}
	return out
}

func (s *Server) sendOp(op int, d any, endSession bool) error {
	fr := frame(op, d)
	conns := s.openConns(true)
	if len(conns) == 0 {
		return ErrNotConnected
	}
	var errs []error
	for _, c := range conns {
		c.lock()
		s.mu.Lock()
		c.ready = false
		if op == opInvalidSession {
			if endSession && c.sess != nil {
				delete(s.sessions, c.sess.id)
			}
			c.sess = nil
		}
		s.notifyLocked()
		s.mu.Unlock()
		if err := c.writeLocked(fr); err != nil {
			errs = append(errs, err)
		}
		c.unlock()
	}
	return errors.Join(errs...)
}
