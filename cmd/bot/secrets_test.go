package main

import (
	"strings"
	"testing"
)

const (
	fakeToken = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.fake-token-for-tests-only_abcdefghij"
	fakeKey   = "5e0a4bd34bdc4f36a1b5b7e33f3d4a2a0d9e18b43a0d4a44b0a8f1e2c3d4e5f6"
)

// TestSecretsNeverLogged drives error paths at debug level and checks that
// neither the token nor the public key appears in the logs or the errors.
func TestSecretsNeverLogged(t *testing.T) {
	env := map[string]string{
		"DISCORD_TOKEN":      fakeToken,
		"DISCORD_PUBLIC_KEY": fakeKey,
		"LOG_LEVEL":          "debug",
		// Nothing listens here: every REST call fails.
		"DISCORD_API_BASE": "http://127.0.0.1:1/api/v10",
	}
	tests := []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"serve cannot reach Discord", []string{"serve"}, env},
		{"register cannot reach Discord", []string{"register"}, env},
		{"http cannot listen", []string{"http", "--addr", "256.0.0.1:99999"}, env},
		{"bad API base", []string{"serve"}, map[string]string{"DISCORD_TOKEN": fakeToken, "LOG_LEVEL": "debug", "DISCORD_API_BASE": "ftp://" + fakeToken}},
		{"bad shard settings", []string{"serve"}, map[string]string{"DISCORD_TOKEN": fakeToken, "LOG_LEVEL": "debug", "SHARD_ID": "3", "SHARD_COUNT": "2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, err := runBot(t, tt.env, tt.args...)
			if err == nil {
				t.Fatal("want an error")
			}
			for _, s := range []string{stdout, stderr, err.Error()} {
				if strings.Contains(s, fakeToken) || strings.Contains(s, fakeKey) {
					t.Errorf("a secret leaked:\n%s", s)
				}
			}
		})
	}
}

func TestMissingSecretsSayWhereToSetThem(t *testing.T) {
	for _, tt := range []struct {
		cmd, want string
	}{
		{"serve", "DISCORD_TOKEN is not set"},
		{"register", "DISCORD_TOKEN is not set"},
		{"http", "DISCORD_PUBLIC_KEY is not set"},
	} {
		_, _, err := runBot(t, nil, tt.cmd)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), ".env") || !strings.Contains(err.Error(), "developer portal") {
			t.Errorf("bot %s without secrets: %v", tt.cmd, err)
		}
	}
}
