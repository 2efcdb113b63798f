#!/usr/bin/env bash
# Runs the operating system's PostgreSQL in the foreground for the AppHost's `local` mode.
#   postgres.sh <data-folder> <port>      password in $DXTRACK_PG_PASSWORD
# PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user in a folder it
# owns; otherwise as the calling user. First run: initdb. Every run: the superuser's password is set
# to the AppHost parameter's value (single-user mode), so a regenerated password never locks us out.
set -euo pipefail
data=$1
port=$2
: "${DXTRACK_PG_PASSWORD:?set DXTRACK_PG_PASSWORD}"
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -x "$pgbin/postgres" ] || { echo "postgres.sh: PostgreSQL is not installed; run scripts/prereqs.sh" >&2; exit 1; }

if [ "$(id -u)" = 0 ]; then
  # setpriv execs the server in place (unlike runuser, which forks), so our signals reach postgres.
  as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups --reset-env --)
  mkdir -p "$data"
  if ! "${as_pg[@]}" test -x "$data" 2>/dev/null || ! chown postgres:postgres "$data" 2>/dev/null || ! "${as_pg[@]}" test -w "$data"; then
    fallback="/var/lib/postgresql/dxtrack-$(printf '%s' "$data" | md5sum | cut -c1-8)"
    echo "postgres.sh: the postgres user cannot use $data; using $fallback instead"
    data=$fallback
    mkdir -p "$data"
  fi
  chown postgres:postgres "$data"
  chmod 700 "$data"
else
  as_pg=()
  mkdir -p "$data"
  chmod 700 "$data"
fi

if [ ! -s "$data/PG_VERSION" ]; then
  echo "postgres.sh: initialising $data"
  pwfile=$(mktemp)
  printf '%s\n' "$DXTRACK_PG_PASSWORD" > "$pwfile"
  [ "$(id -u)" = 0 ] && chown postgres "$pwfile"
  "${as_pg[@]}" "$pgbin/initdb" -D "$data" -U postgres --auth=scram-sha-256 --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8
  rm -f "$pwfile"
fi

escaped=${DXTRACK_PG_PASSWORD//\'/\'\'}
printf "ALTER USER postgres PASSWORD '%s';\n" "$escaped" |
  "${as_pg[@]}" "$pgbin/postgres" --single -D "$data" -c unix_socket_directories= postgres >/dev/null

# Sized for a small machine running the whole system (README, "PostgreSQL settings"): a cache that holds the hot
# tables, compressed full-page images, checkpoints minutes apart. Every commit is still flushed to disk before it is
# acknowledged (fsync, synchronous_commit): a 201 means stored.
"${as_pg[@]}" "$pgbin/postgres" -D "$data" -p "$port" -c listen_addresses=127.0.0.1 -c unix_socket_directories= \
  -c max_connections=200 -c shared_buffers=256MB -c wal_compression=on -c checkpoint_timeout=15min \
  -c max_wal_size=2GB -c fsync=on -c synchronous_commit=on &
server=$!
# SIGTERM would be a "smart" shutdown that waits for every client to leave; stop fast instead.
trap 'kill -INT "$server" 2>/dev/null' TERM INT
while kill -0 "$server" 2>/dev/null; do wait "$server" || true; done
wait "$server" 2>/dev/null
