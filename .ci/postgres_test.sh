#!/usr/bin/env bash
# Tests .ci/postgres.sh's port choice: with another server on 55432 it takes
# the next free port and still proves it reaches its own server; run again,
# it reuses that one; with BOT_PG_PORT=55432 it refuses the taken port.
# Needs what postgres.sh needs (root on Debian, or PostgreSQL installed) and
# python3 for the stand-in server. Leaves nothing running.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d /tmp/newsbot-pg-test.XXXXXX)
listener=
cleanup() {
	[ -z "$listener" ] || kill "$listener" 2>/dev/null || true
	bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	if [ -f "$dir/data/postmaster.pid" ]; then
		if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
		else "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true; fi
	fi
	rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "postgres_test.sh: FAILED: $*" >&2; exit 1; }

# Something that is not this cluster's server holds 55432: a stand-in that
# accepts connections and says nothing (or whatever already holds it).
python3 -c '
import socket, sys, time
s = socket.socket()
try:
    s.bind(("127.0.0.1", 55432))
except OSError:
    sys.exit(0)  # taken already: that serves too
s.listen()
time.sleep(300)
' &
listener=$!
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/55432) 2>/dev/null && break; sleep 0.1; done

out=$(BOT_PG_DIR=$dir bash .ci/postgres.sh) || fail "postgres.sh with 55432 taken"
port=$(sed -n "s/.*@127.0.0.1:\([0-9]*\)\/.*/\1/p" <<<"$out")
[ -n "$port" ] && [ "$port" != 55432 ] || fail "with 55432 taken it chose port '$port': $out"
again=$(BOT_PG_DIR=$dir bash .ci/postgres.sh 2>&1 >/dev/null) || fail "postgres.sh run again"
grep -q "already running on 127.0.0.1:$port" <<<"$again" || fail "run again did not reuse port $port: $again"

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
else "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null; fi
if msg=$(BOT_PG_DIR=$dir BOT_PG_PORT=55432 bash .ci/postgres.sh 2>&1); then
	fail "BOT_PG_PORT=55432 was accepted though another server holds it: $msg"
fi
grep -q "port 55432 (BOT_PG_PORT) is taken by another server" <<<"$msg" || fail "BOT_PG_PORT=55432 failed without saying why: $msg"
echo "postgres_test.sh: ok (port taken, reuse, BOT_PG_PORT refused)"
