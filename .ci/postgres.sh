#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the store tests, on 127.0.0.1 only, and
# exports BOT_TEST_POSTGRES (its URL) and BOT_REQUIRE_POSTGRES=1, so that the
# Postgres tests fail rather than skip if it is gone.
#
#   source .ci/postgres.sh                  # exports into this shell
#   eval "$(bash .ci/postgres.sh)"          # the same from a child
#   bash .ci/postgres.sh                    # just start it; prints the URL, e.g.
#     postgres://newsbot:newsbot@127.0.0.1:55432/newsbot?sslmode=disable
#
# The port: the one its cluster already runs on; else 55432 if free, else
# the next free one up to 55531. Another server on the port is never taken
# for it: every connection is checked to reach the server of this cluster.
# BOT_PG_PORT=N insists on port N, and fails if something else holds it.
#
# On Debian 12 as root it installs Debian's postgresql package if no server
# is installed. The cluster lives in $BOT_PG_DIR (default /tmp/newsbot-pg),
# is tuned for tests (no fsync: a crash loses it, which is fine), and is
# left running. Running this again reuses it. Any failure exits (or, when
# sourced, returns) non-zero with a message saying what failed.
#
# Settings: BOT_PG_DIR, BOT_PG_PORT (unset: 55432 or the next free port),
# BOT_PG_TIMEOUT (seconds, 30). .ci/postgres_test.sh tests the port choice.

_bot_pg_main() (
	set -euo pipefail
	dir=${BOT_PG_DIR:-/tmp/newsbot-pg}
	port=${BOT_PG_PORT:-}
	timeout=${BOT_PG_TIMEOUT:-30}
	user=newsbot pass=newsbot db=newsbot
	start=$(date +%s)

	fail() { echo "postgres.sh: FAILED: $*" >&2; exit 1; }
	say() { echo "postgres.sh: $*" >&2; }

	bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
	bin=$(bindir)
	if [ -z "$bin" ] || [ ! -x "$bin/postgres" ]; then
		[ "$(id -u)" = 0 ] || fail "PostgreSQL is not installed and installing it needs root"
		say "installing Debian's postgresql package"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >&2 || fail "apt-get update"
		apt-get install -y -qq --no-install-recommends postgresql >&2 || fail "apt-get install postgresql"
		bin=$(bindir)
		[ -n "$bin" ] && [ -x "$bin/postgres" ] || fail "postgresql installed, but no server under /usr/lib/postgresql/*/bin"
	fi

	# The server refuses to run as root: run it as the postgres user then.
	as=()
	if [ "$(id -u)" = 0 ]; then
		id postgres >/dev/null 2>&1 || fail "no postgres user to run the server as"
		as=(runuser -u postgres --)
	fi

	mkdir -p "$dir"
	if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
	chmod 700 "$dir"
	data=$dir/data
	if [ ! -f "$data/PG_VERSION" ]; then
		say "initdb $data"
		"${as[@]}" "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
			-E UTF8 --no-locale >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; fail "initdb $data"; }
	fi

	# listening: something accepts TCP connections on 127.0.0.1:$1.
	listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
	# ours: the port this cluster's running server listens on (its pid
	# file's fourth line), if it runs.
	ours() {
		"${as[@]}" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1 && sed -n 4p "$data/postmaster.pid"
	}
	running=$(ours || true)
	if [ -n "$running" ] && { [ -z "$port" ] || [ "$port" = "$running" ]; }; then
		port=$running
	elif [ -n "$running" ]; then
		fail "the cluster in $data runs on port $running, not BOT_PG_PORT=$port; stop it ($bin/pg_ctl -D $data stop) or unset BOT_PG_PORT"
	elif [ -n "$port" ]; then
		! listening "$port" || fail "port $port (BOT_PG_PORT) is taken by another server, not this cluster's ($data); pick a free one, or unset BOT_PG_PORT to choose one"
	else
		port=55432
		while listening "$port"; do
			[ "$port" -lt 55531 ] || fail "no free port in 55432-55531; set BOT_PG_PORT"
			port=$((port + 1))
		done
		[ "$port" = 55432 ] || say "port 55432 is taken by another server; using $port"
	fi

	ready() { "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1 && [ "$(ours || true)" = "$port" ]; }
	if ready; then
		say "already running on 127.0.0.1:$port"
	else
		# Retried until the deadline: a server killed a moment ago may
		# still hold its pid file, or one may be starting up already.
		deadline=$((SECONDS + timeout))
		until ready; do
			[ "$SECONDS" -lt "$deadline" ] ||
				{ tail -n 20 "$dir/server.log" >&2 || true; fail "not accepting connections on 127.0.0.1:$port after ${timeout}s (log: $dir/server.log)"; }
			if ! "${as[@]}" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
				rm -f "$data/postmaster.pid" # stale: its server is gone
				say "starting on 127.0.0.1:$port"
				"${as[@]}" "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t "$timeout" start \
					-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
					>/dev/null 2>&1 || say "pg_ctl start failed; retrying"
			fi
			ready || sleep 1
		done
	fi

	psql=("${as[@]}" "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1)
	"${psql[@]}" -c "DO \$\$ BEGIN
		IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$user') THEN CREATE ROLE $user LOGIN; END IF;
	END \$\$; ALTER ROLE $user PASSWORD '$pass';" >&2 || fail "create role $user"
	if [ "$("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
		"${psql[@]}" -c "CREATE DATABASE $db OWNER $user" >&2 || fail "create database $db"
	fi

	url="postgres://$user:$pass@127.0.0.1:$port/$db?sslmode=disable"
	# The TCP port must reach the server behind this cluster's socket: the
	# same postmaster start time, to the microsecond.
	started="SELECT pg_postmaster_start_time()"
	mine=$("${psql[@]}" -tAc "$started") || fail "read the start time of the server in $data"
	tcp=$(PGPASSWORD=$pass "$bin/psql" "$url" -X -q -tAc "$started") || fail "log in as $user over TCP on 127.0.0.1:$port"
	[ "$mine" = "$tcp" ] || fail "127.0.0.1:$port is another server, not the one in $data; set BOT_PG_PORT to a free port"
	say "ready in $(($(date +%s) - start))s: $url"
	echo "export BOT_TEST_POSTGRES='$url'"
	echo "export BOT_REQUIRE_POSTGRES=1"
)

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
	# Sourced: export here, and return rather than exit the caller's shell.
	if _bot_pg_env=$(_bot_pg_main); then
		eval "$_bot_pg_env"
		unset -f _bot_pg_main
		unset _bot_pg_env
	else
		unset -f _bot_pg_main
		unset _bot_pg_env
		return 1
	fi
else
	_bot_pg_main
fi
