#!/usr/bin/env bash
# Starts private PostgreSQL, RabbitMQ and Redis servers for the test suite, under
# .dxtrack/test-servers, on ports that do not clash with system-wide servers.
#   scripts/test-servers.sh start   -> starts (if not running) and prints `export` lines
#   scripts/test-servers.sh stop
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
base="${DXTRACK_TEST_SERVERS_DIR:-$root/.dxtrack/test-servers}"
pg_port="${DXTRACK_TEST_PG_PORT:-55432}"
amqp_port="${DXTRACK_TEST_AMQP_PORT:-55672}"
mgmt_port="${DXTRACK_TEST_MGMT_PORT:-55673}"
dist_port="${DXTRACK_TEST_DIST_PORT:-55674}"
redis_port="${DXTRACK_TEST_REDIS_PORT:-56379}"
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
wait_for() { # name, seconds, command...
  local name=$1 secs=$2; shift 2
  for _ in $(seq 1 $((secs * 4))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done
  echo "test-servers: $name did not become ready; see $base/*.log" >&2; return 1
}

start() {
  mkdir -p "$base"
  # PostgreSQL refuses to run as root: run it as the postgres user, in a folder it owns.
  local pgdata="$base/postgres"
  if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$base" 2>/dev/null; then
    pgdata="/var/lib/postgresql/dxtrack-test-$(echo "$root" | md5sum | cut -c1-8)"
  fi
  if [ ! -s "$pgdata/PG_VERSION" ]; then
    mkdir -p "$pgdata"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$pgdata"
    echo postgres > "$base/pgpass"; chmod 644 "$base/pgpass"
    as_pg "$pgbin/initdb" -D "$pgdata" -U postgres --auth=scram-sha-256 --pwfile="$base/pgpass" -E UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1
  fi
  if ! as_pg "$pgbin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    as_pg "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -o "-p $pg_port -k $pgdata -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
  fi

  if ! redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
    redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$base" --save "" --daemonize yes --logfile "$base/redis.log"
  fi

  if ! curl -fs -u guest:guest "http://127.0.0.1:$mgmt_port/api/overview" >/dev/null 2>&1; then
    mkdir -p "$base/rabbitmq/home" "$base/rabbitmq/mnesia" "$base/rabbitmq/log"
    echo "[rabbitmq_management]." > "$base/rabbitmq/enabled_plugins"
    ( cd "$base/rabbitmq" && HOME="$base/rabbitmq/home" RABBITMQ_NODENAME="dxtest$amqp_port@localhost" \
      RABBITMQ_NODE_PORT="$amqp_port" RABBITMQ_DIST_PORT="$dist_port" RABBITMQ_MNESIA_BASE="$base/rabbitmq/mnesia" \
      RABBITMQ_LOG_BASE="$base/rabbitmq/log" RABBITMQ_ENABLED_PLUGINS_FILE="$base/rabbitmq/enabled_plugins" \
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-rabbitmq_management listener [{port,$mgmt_port}]" \
      setsid nohup /usr/lib/rabbitmq/bin/rabbitmq-server >"$base/rabbitmq.log" 2>&1 < /dev/null & echo $! > "$base/rabbitmq.pid" )
  fi

  wait_for redis 20 redis-cli -p "$redis_port" ping
  wait_for postgres 30 env PGPASSWORD=postgres psql -h 127.0.0.1 -p "$pg_port" -U postgres -c "select 1"
  wait_for rabbitmq 90 curl -fs -u guest:guest "http://127.0.0.1:$mgmt_port/api/overview"
  echo "$pgdata" > "$base/pgdata.path"

  echo "export DXTRACK_TEST_POSTGRES='Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=postgres'"
  echo "export DXTRACK_TEST_RABBITMQ='amqp://guest:guest@127.0.0.1:$amqp_port'"
  echo "export DXTRACK_TEST_RABBITMQ_MANAGEMENT='http://127.0.0.1:$mgmt_port'"
  echo "export DXTRACK_TEST_REDIS='127.0.0.1:$redis_port'"
}

stop() {
  [ -f "$base/pgdata.path" ] && as_pg "$pgbin/pg_ctl" -D "$(cat "$base/pgdata.path")" -m fast stop >/dev/null 2>&1 || true
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  if [ -f "$base/rabbitmq.pid" ]; then kill -TERM -- "-$(cat "$base/rabbitmq.pid")" 2>/dev/null || kill "$(cat "$base/rabbitmq.pid")" 2>/dev/null || true; rm -f "$base/rabbitmq.pid"; fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
