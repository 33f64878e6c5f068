#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the store tests, on 127.0.0.1 only, and
# exports BOT_TEST_POSTGRES (its URL) and BOT_REQUIRE_POSTGRES=1, so that the
# Postgres tests fail rather than skip if it is gone.
#
#   source .ci/postgres.sh                  # exports into this shell
#   eval "$(bash .ci/postgres.sh)"          # the same from a child
#   bash .ci/postgres.sh                    # just start it; the URL is fixed:
#     postgres://newsbot:newsbot@127.0.0.1:55432/newsbot?sslmode=disable
#
# On Debian 12 as root it installs Debian's postgresql package if no server
# is installed. The cluster lives in $BOT_PG_DIR (default /tmp/newsbot-pg),
# is tuned for tests (no fsync: a crash loses it, which is fine), and is
# left running. Running this again reuses it. Any failure exits (or, when
# sourced, returns) non-zero with a message saying what failed.
#
# Settings: BOT_PG_DIR, BOT_PG_PORT (55432), BOT_PG_TIMEOUT (seconds, 30).

_bot_pg_main() (
	set -euo pipefail
	dir=${BOT_PG_DIR:-/tmp/newsbot-pg}
	port=${BOT_PG_PORT:-55432}
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

	ready() { "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1; }
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
	PGPASSWORD=$pass "$bin/psql" "$url" -X -q -tAc "SELECT 1" >/dev/null || fail "log in as $user over TCP"
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
