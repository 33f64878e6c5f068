package discordtest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// TestReconnects drops the connection three ways in a row; discordgo
// comes back each time on the cached gateway URL and resumes the session.
func TestReconnects(t *testing.T) {
	t.Parallel()
	srv := New(t, WithoutConformance()) // discordgo's own bodies
	ctx := ctxT(t)
	_, ev := open(t, srv)
	ready := recv(t, ev.ready, "READY")
	if err := srv.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	var lastSeq int64
	for i, drop := range []struct {
		name string
		do   func() error
	}{
		{"abrupt close", func() error { srv.CloseConnection(1006); return nil }},
		{"close 4000", func() error { srv.CloseConnection(4000); return nil }},
		{"op 7", srv.SendReconnect},
	} {
		dispatchSlash(t, srv, ev, "before "+drop.name)
		if err := srv.WaitHeartbeat(ctx); err != nil {
			t.Fatal(err)
		}
		if err := drop.do(); err != nil {
			t.Fatal(err)
		}
		rs, err := srv.WaitResume(ctx)
		if err != nil {
			t.Fatalf("%s: %v", drop.name, err)
		}
		if !rs.Resumed || rs.SessionID != ready.SessionID || rs.Conn != i+2 || rs.Seq <= lastSeq {
			t.Errorf("%s: resume = %+v, READY session %s, last seq %d", drop.name, rs, ready.SessionID, lastSeq)
		}
		lastSeq = rs.Seq
		recv(t, ev.resumed, "RESUMED")
		if err := srv.WaitReady(ctx); err != nil {
			t.Fatal(err)
		}
		if n := srv.Connections(); n != i+2 {
			t.Errorf("%s: Connections() = %d, want %d", drop.name, n, i+2)
		}
		dispatchSlash(t, srv, ev, "after "+drop.name)
	}
	if n := len(srv.CallsTo("GET", "/gateway")); n != 1 {
		t.Errorf("GET /gateway called %d times; discordgo caches the URL", n)
	}
}

func TestInvalidSessionReidentifies(t *testing.T) {
	t.Parallel()
	srv := New(t, WithoutConformance()) // discordgo's own bodies
	ctx := ctxT(t)
	_, ev := open(t, srv)
	first := recv(t, ev.ready, "READY")
	if _, err := srv.WaitIdentify(ctx); err != nil {
		t.Fatal(err)
	}
	if err := srv.SendInvalidSession(false); err != nil {
		t.Fatal(err)
	}
	id, err := srv.WaitIdentify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if id.Conn != 1 {
		t.Errorf("re-IDENTIFY on connection %d, want the same one", id.Conn)
	}
	second := recv(t, ev.ready, "second READY")
	if second.SessionID == first.SessionID {
		t.Error("same session after op 9")
	}
	if err := srv.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	dispatchSlash(t, srv, ev, "after op 9")
	if n := srv.Connections(); n != 1 {
		t.Errorf("Connections() = %d", n)
	}

	// Close 4009 ends the session: the RESUME that follows gets op 9 and
	// discordgo identifies afresh on the new connection.
	srv.CloseConnection(4009)
	rs, err := srv.WaitResume(ctx)
	if err != nil || rs.Resumed || rs.SessionID != second.SessionID {
		t.Errorf("resume after 4009 = %+v, %v", rs, err)
	}
	id, err = srv.WaitIdentify(ctx)
	if err != nil || id.Conn != 2 {
		t.Errorf("identify after 4009 = conn %d, %v", id.Conn, err)
	}
	third := recv(t, ev.ready, "third READY")
	if third.SessionID == second.SessionID {
		t.Error("same session after 4009")
	}
	if err := srv.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	dispatchSlash(t, srv, ev, "after 4009")
}

func TestGatewayRejects(t *testing.T) {
	t.Parallel()
	srv := New(t, WithoutConformance()) // discordgo's own bodies
	ctx := ctxT(t)

	bad := newSession(t, srv, "wrong")
	if err := bad.Open(); err == nil {
		bad.Close()
		t.Fatal("Open with a bad token succeeded")
	}
	id, err := srv.WaitIdentify(ctx)
	if err != nil || id.Token != "Bot wrong" {
		t.Errorf("identify = %+v, %v", id, err)
	}

	priv := newSession(t, srv, Token)
	priv.Identify.Intents = discordgo.IntentsAllWithoutPrivileged | discordgo.IntentMessageContent
	if err := priv.Open(); err == nil {
		priv.Close()
		t.Fatal("Open with privileged intents succeeded")
	}
	p := srv.SlashCommand("ask")
	if err := srv.Dispatch("INTERACTION_CREATE", p); !errors.Is(err, ErrNotConnected) {
		t.Errorf("Dispatch with nobody connected: %v", err)
	}
	if _, ok := srv.Interaction(p.ID()); ok {
		t.Error("an undelivered interaction was registered")
	}
}

func TestShardRouting(t *testing.T) {
	t.Parallel()
	srv := New(t, WithoutConformance(), WithShards(2))
	ctx := ctxT(t)
	var evs [2]*events
	var sessions [2]*discordgo.Session
	for i := range evs {
		sessions[i], evs[i] = open(t, srv, func(s *discordgo.Session) { s.ShardID, s.ShardCount = i, 2 })
		r := recv(t, evs[i].ready, "READY")
		if r.Shard == nil || r.Shard[0] != i || r.Shard[1] != 2 {
			t.Errorf("READY shard = %v", r.Shard)
		}
	}
	t.Cleanup(func() { // close both at once (before open's cleanups): each Close takes a second
		done := make(chan bool)
		for _, s := range sessions {
			go func() { s.Close(); done <- true }()
		}
		<-done
		<-done
	})
	for i := range 2 {
		id, err := srv.WaitIdentify(ctx)
		if err != nil || id.Shard == nil || *id.Shard != [2]int{i, 2} {
			t.Errorf("identify %d shard = %v, %v", i, id.Shard, err)
		}
	}
	for _, guild := range []uint64{3 << 22, 4 << 22} {
		g := fmt.Sprint(guild)
		p := srv.SlashCommand("ask").InChannel(g, ChannelID)
		if err := srv.Dispatch("INTERACTION_CREATE", p); err != nil {
			t.Fatal(err)
		}
		want := int((guild >> 22) % 2)
		in := recv(t, evs[want].interactions, "routed interaction")
		if in.GuildID != g {
			t.Errorf("shard %d got guild %s", want, in.GuildID)
		}
		select {
		case in := <-evs[1-want].interactions:
			t.Errorf("shard %d also got %s", 1-want, in.ID)
		case <-time.After(50 * time.Millisecond):
		}
	}
}
