#!/usr/bin/env bash
# Private PostgreSQL, RabbitMQ and Redis servers for the test suite, under .dxtrack/test-servers, on
# ports that do not clash with system-wide servers, and below Linux's ephemeral range (32768-60999): a
# port in that range can be held by an outgoing connection or one in TIME_WAIT (after a build's
# downloads, say), and the server then fails to bind it.
#   scripts/test-servers.sh start   -> starts what is not already answering, prints `export` lines
#   scripts/test-servers.sh stop    -> stops what `start` started from this folder (and nothing else)
# A server already answering on its port (e.g. shared servers another checkout started) is reused,
# not restarted, and `stop` leaves it alone. Ports: DXTRACK_TEST_PG_PORT (21432),
# DXTRACK_TEST_AMQP_PORT (21672), DXTRACK_TEST_MGMT_PORT (21673), DXTRACK_TEST_DIST_PORT (21674),
# DXTRACK_TEST_REDIS_PORT (21379); folder: DXTRACK_TEST_SERVERS_DIR.
# Write the output to a file and source it; do not capture it with $(...): the servers inherit the
# script's file descriptors, and the capture would wait for them to exit.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
base="${DXTRACK_TEST_SERVERS_DIR:-$root/.dxtrack/test-servers}"
pg_port="${DXTRACK_TEST_PG_PORT:-21432}"
amqp_port="${DXTRACK_TEST_AMQP_PORT:-21672}"
mgmt_port="${DXTRACK_TEST_MGMT_PORT:-21673}"
dist_port="${DXTRACK_TEST_DIST_PORT:-21674}"
redis_port="${DXTRACK_TEST_REDIS_PORT:-21379}"
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
owned="$base/owned"   # one line per server this folder started: postgres, redis, rabbitmq

# From /: the postgres user may not be able to enter the current folder, and initdb and pg_ctl say so.
as_pg() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
wait_for() { # name, seconds, command...
  local name=$1 secs=$2; shift 2
  for _ in $(seq 1 $((secs * 4))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done
  echo "test-servers: $name did not become ready; see $base/*.log" >&2; return 1
}
pg_answers() { PGPASSWORD=postgres PGCONNECT_TIMEOUT=2 psql -h 127.0.0.1 -p "$pg_port" -U postgres -Atqc "select 1" >/dev/null 2>&1; }
redis_answers() { redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1; }
rabbit_answers() { curl -fs -m 2 -u guest:guest "http://127.0.0.1:$mgmt_port/api/overview" >/dev/null 2>&1; }
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
own() { grep -qx "$1" "$owned" 2>/dev/null || echo "$1" >> "$owned"; }

start() {
  mkdir -p "$base"
  touch "$owned"

  if ! pg_answers; then
    port_taken "$pg_port" && { echo "test-servers: port $pg_port is taken by something that is not our PostgreSQL; set DXTRACK_TEST_PG_PORT" >&2; exit 1; }
    # PostgreSQL refuses to run as root: run it as the postgres user, in a folder it owns.
    local pgdata="$base/postgres"
    if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$base" 2>/dev/null; then
      pgdata="/var/lib/postgresql/dxtrack-test-$(echo "$base" | md5sum | cut -c1-8)"
    fi
    if [ ! -s "$pgdata/PG_VERSION" ]; then
      mkdir -p "$pgdata"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$pgdata"
      # The password file lives outside $base, which the postgres user may not be able to enter.
      local pwfile; pwfile=$(mktemp)
      echo postgres > "$pwfile"
      [ "$(id -u)" = 0 ] && chown postgres "$pwfile"
      if ! as_pg "$pgbin/initdb" -D "$pgdata" -U postgres --auth=scram-sha-256 --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1; then
        rm -f "$pwfile"
        echo "test-servers: initdb failed; see $base/initdb.log" >&2; exit 1
      fi
      rm -f "$pwfile"
    fi
    as_pg "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -o "-p $pg_port -k $pgdata -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
    echo "$pgdata" > "$base/pgdata.path"
    own postgres
  fi

  if ! redis_answers; then
    port_taken "$redis_port" && { echo "test-servers: port $redis_port is taken by something that is not Redis; set DXTRACK_TEST_REDIS_PORT" >&2; exit 1; }
    redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$base" --save "" --daemonize yes --logfile "$base/redis.log"
    own redis
  fi

  if ! rabbit_answers; then
    port_taken "$amqp_port" && { echo "test-servers: port $amqp_port is taken by something that is not our RabbitMQ; set DXTRACK_TEST_AMQP_PORT and DXTRACK_TEST_MGMT_PORT" >&2; exit 1; }
    mkdir -p "$base/rabbitmq/home" "$base/rabbitmq/mnesia" "$base/rabbitmq/log"
    # Shovel: what an operator uses to move a parked message back (tests/Messaging.Tests, ParkedMessageTests).
    echo "[rabbitmq_management,rabbitmq_shovel,rabbitmq_shovel_management]." > "$base/rabbitmq/enabled_plugins"
    ( cd "$base/rabbitmq" && HOME="$base/rabbitmq/home" RABBITMQ_NODENAME="dxtest$amqp_port@localhost" \
      RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
      RABBITMQ_NODE_PORT="$amqp_port" RABBITMQ_DIST_PORT="$dist_port" RABBITMQ_MNESIA_BASE="$base/rabbitmq/mnesia" \
      RABBITMQ_LOG_BASE="$base/rabbitmq/log" RABBITMQ_ENABLED_PLUGINS_FILE="$base/rabbitmq/enabled_plugins" \
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-rabbitmq_management listener [{port,$mgmt_port},{ip,\"127.0.0.1\"}]" \
      setsid bash -c 'echo $$ > "$1"; exec /usr/lib/rabbitmq/bin/rabbitmq-server' rabbitmq "$base/rabbitmq.pid" \
        >"$base/rabbitmq.log" 2>&1 < /dev/null & )
    own rabbitmq
  fi

  wait_for redis 20 redis_answers
  wait_for postgres 30 pg_answers
  wait_for rabbitmq 120 rabbit_answers

  echo "export DXTRACK_TEST_POSTGRES='Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=postgres'"
  echo "export DXTRACK_TEST_RABBITMQ='amqp://guest:guest@127.0.0.1:$amqp_port'"
  echo "export DXTRACK_TEST_RABBITMQ_MANAGEMENT='http://127.0.0.1:$mgmt_port'"
  echo "export DXTRACK_TEST_REDIS='127.0.0.1:$redis_port'"
}

stop() {
  # A folder from before `owned` existed started all three: stop all three, as this script used to.
  local servers="postgres redis rabbitmq"
  [ -f "$owned" ] && servers=$(cat "$owned")
  for server in $servers; do
    case "$server" in
      postgres) [ -f "$base/pgdata.path" ] && as_pg "$pgbin/pg_ctl" -D "$(cat "$base/pgdata.path")" -m fast stop >/dev/null 2>&1 || true ;;
      redis) redis-cli -h 127.0.0.1 -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true ;;
      rabbitmq)
        # SIGTERM to the rabbitmq-server script makes it stop the node cleanly (rabbitmqctl stop).
        if [ -f "$base/rabbitmq.pid" ]; then
          local pid; pid=$(cat "$base/rabbitmq.pid")
          kill -TERM "$pid" 2>/dev/null || true
          for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
          rm -f "$base/rabbitmq.pid"
        fi ;;
    esac
  done
  rm -f "$owned"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
