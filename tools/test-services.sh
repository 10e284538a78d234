#!/usr/bin/env bash
# Starts (or stops) the real services the tests use, on loopback only, from Debian's packages:
#   PostgreSQL on 127.0.0.1:55432 (own throwaway cluster, user segmentiq), Redis on 127.0.0.1:56379.
# Usage:  source tools/test-services.sh start   # installs if missing, starts, exports SEGMENTIQ_TEST_POSTGRES / _REDIS
#         tools/test-services.sh stop
# Tests that need a service read those variables; outside CI a missing variable skips them with the reason.
set -uo pipefail

SIQ_SVC_DIR=${SIQ_SVC_DIR:-/tmp/segmentiq-services}
SIQ_PG_PORT=${SIQ_PG_PORT:-55432}
SIQ_REDIS_PORT=${SIQ_REDIS_PORT:-56379}
SIQ_PG_PASSWORD=${SIQ_PG_PASSWORD:-segmentiq-test}

siq_install() {
    local missing=()
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
    command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
    if [ ${#missing[@]} -gt 0 ]; then
        echo "Installing Debian's ${missing[*]} for the service tests…"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || {
            echo "Could not install ${missing[*]}"; return 1; }
        # Debian starts a default cluster/server on install; ours run on their own ports, so stop those.
        service redis-server stop >/dev/null 2>&1 || true
    fi
}

siq_as_postgres() { runuser -u postgres -- "$@"; }

siq_start_postgres() {
    local bin; bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
    local data="$SIQ_SVC_DIR/pg"
    rm -rf "$data"; mkdir -p "$data"; chown postgres:postgres "$data"; chmod 700 "$data"
    local pw="$SIQ_SVC_DIR/pgpass"; echo "$SIQ_PG_PASSWORD" > "$pw"; chown postgres "$pw"
    siq_as_postgres "$bin/initdb" -D "$data" -U segmentiq --pwfile="$pw" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null || return 1
    rm -f "$pw"
    siq_as_postgres "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
        -o "-p $SIQ_PG_PORT -k $data -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null || {
        tail -n 20 "$data/server.log"; return 1; }
    export SEGMENTIQ_TEST_POSTGRES="Host=127.0.0.1;Port=$SIQ_PG_PORT;Username=segmentiq;Password=$SIQ_PG_PASSWORD;Database=postgres"
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$SIQ_PG_PORT"
}

siq_start_redis() {
    mkdir -p "$SIQ_SVC_DIR/redis"
    redis-server --port "$SIQ_REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
        --dir "$SIQ_SVC_DIR/redis" --pidfile "$SIQ_SVC_DIR/redis/redis.pid" --logfile "$SIQ_SVC_DIR/redis/redis.log" || return 1
    for _ in $(seq 1 50); do redis-cli -p "$SIQ_REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
    export SEGMENTIQ_TEST_REDIS="127.0.0.1:$SIQ_REDIS_PORT"
    echo "Redis $(redis-server --version | awk '{print $3}') on 127.0.0.1:$SIQ_REDIS_PORT"
}

siq_stop() {
    local bin; bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)" 2>/dev/null)
    [ -d "$SIQ_SVC_DIR/pg" ] && siq_as_postgres "$bin/pg_ctl" -D "$SIQ_SVC_DIR/pg" -m fast -w stop >/dev/null 2>&1
    command -v redis-cli >/dev/null 2>&1 && redis-cli -p "$SIQ_REDIS_PORT" shutdown nosave >/dev/null 2>&1
    rm -rf "$SIQ_SVC_DIR"
    return 0
}

case "${1:-start}" in
    start) siq_install && siq_stop && mkdir -p "$SIQ_SVC_DIR" && siq_start_postgres && siq_start_redis ;;
    stop) siq_stop ;;
    *) echo "usage: $0 start|stop"; exit 2 ;;
esac
