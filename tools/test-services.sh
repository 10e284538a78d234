#!/usr/bin/env bash
# Starts (or stops) the real services the tests use, on loopback only, from Debian's packages:
#   PostgreSQL on 127.0.0.1:55432 (own throwaway cluster, user segmentiq), Redis on 127.0.0.1:56379,
#   ClickHouse on 127.0.0.1:58123 (HTTP) and :59000 (native), own throwaway data folder, user segmentiq.
# Usage:  source tools/test-services.sh start   # installs if missing, starts, exports SEGMENTIQ_TEST_POSTGRES / _REDIS / _CLICKHOUSE
#         tools/test-services.sh stop
# Tests that need a service read those variables; outside CI a missing variable skips them with the reason.
set -uo pipefail

SIQ_SVC_DIR=${SIQ_SVC_DIR:-/tmp/segmentiq-services}
SIQ_PG_PORT=${SIQ_PG_PORT:-55432}
SIQ_REDIS_PORT=${SIQ_REDIS_PORT:-56379}
SIQ_PG_PASSWORD=${SIQ_PG_PASSWORD:-segmentiq-test}
SIQ_CH_HTTP_PORT=${SIQ_CH_HTTP_PORT:-58123}
SIQ_CH_TCP_PORT=${SIQ_CH_TCP_PORT:-59000}
SIQ_CH_PASSWORD=${SIQ_CH_PASSWORD:-segmentiq-test}

siq_install() {
    local missing=()
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
    command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
    [ -x /usr/sbin/clickhouse-server ] && command -v clickhouse-client >/dev/null 2>&1 || missing+=(clickhouse-server clickhouse-client)
    if [ ${#missing[@]} -gt 0 ]; then
        echo "Installing Debian's ${missing[*]} for the service tests…"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || {
            echo "Could not install ${missing[*]}"; return 1; }
        # Debian starts a default cluster/server on install; ours run on their own ports, so stop those.
        service redis-server stop >/dev/null 2>&1 || true
        service clickhouse-server stop >/dev/null 2>&1 || true
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

# Debian's ClickHouse is 18.16 (2018). It serves the export test (a ClickHouse table -> CSV -> the file source); the
# ClickHouse.Driver ADO.NET provider cannot talk to it (README, "ClickHouse, Trino, Spark SQL and warehouses").
siq_start_clickhouse() {
    local dir="$SIQ_SVC_DIR/clickhouse"
    mkdir -p "$dir/data" "$dir/log"
    cat > "$dir/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
    <logger><level>warning</level><log>$dir/log/server.log</log><errorlog>$dir/log/server.err.log</errorlog></logger>
    <http_port>$SIQ_CH_HTTP_PORT</http_port>
    <tcp_port>$SIQ_CH_TCP_PORT</tcp_port>
    <listen_host>127.0.0.1</listen_host>
    <max_concurrent_queries>20</max_concurrent_queries>
    <mark_cache_size>268435456</mark_cache_size>
    <path>$dir/data/</path>
    <tmp_path>$dir/data/tmp/</tmp_path>
    <user_files_path>$dir/data/user_files/</user_files_path>
    <format_schema_path>$dir/data/format_schemas/</format_schema_path>
    <users_config>users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>UTC</timezone>
</yandex>
EOF
    cat > "$dir/users.xml" <<EOF
<?xml version="1.0"?>
<yandex>
    <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
    <users>
        <segmentiq>
            <password_sha256_hex>$(printf '%s' "$SIQ_CH_PASSWORD" | sha256sum | awk '{print $1}')</password_sha256_hex>
            <networks><ip>127.0.0.1</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
        </segmentiq>
    </users>
    <quotas><default></default></quotas>
</yandex>
EOF
    /usr/sbin/clickhouse-server --daemon --pid-file="$dir/server.pid" --config-file="$dir/config.xml" >/dev/null 2>&1 || {
        tail -n 20 "$dir/log/server.err.log" 2>/dev/null; return 1; }
    local version=""
    for _ in $(seq 1 100); do
        version=$(clickhouse-client --host 127.0.0.1 --port "$SIQ_CH_TCP_PORT" --user segmentiq --password "$SIQ_CH_PASSWORD" \
            --query 'SELECT version()' 2>/dev/null) && break
        sleep 0.2
    done
    [ -n "$version" ] || { echo "ClickHouse did not answer on 127.0.0.1:$SIQ_CH_TCP_PORT"; tail -n 20 "$dir/log/server.err.log" 2>/dev/null; return 1; }
    export SEGMENTIQ_TEST_CLICKHOUSE="http://segmentiq:$SIQ_CH_PASSWORD@127.0.0.1:$SIQ_CH_HTTP_PORT/"
    echo "ClickHouse $version on 127.0.0.1:$SIQ_CH_HTTP_PORT (HTTP)"
}

siq_stop() {
    local bin; bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)" 2>/dev/null)
    [ -d "$SIQ_SVC_DIR/pg" ] && siq_as_postgres "$bin/pg_ctl" -D "$SIQ_SVC_DIR/pg" -m fast -w stop >/dev/null 2>&1
    command -v redis-cli >/dev/null 2>&1 && redis-cli -p "$SIQ_REDIS_PORT" shutdown nosave >/dev/null 2>&1
    local ch_pid="$SIQ_SVC_DIR/clickhouse/server.pid"
    if [ -s "$ch_pid" ]; then
        local pid; pid=$(cat "$ch_pid")
        kill "$pid" >/dev/null 2>&1
        for _ in $(seq 1 100); do kill -0 "$pid" >/dev/null 2>&1 || break; sleep 0.1; done
    fi
    rm -rf "$SIQ_SVC_DIR"
    return 0
}

case "${1:-start}" in
    start) siq_install && siq_stop && mkdir -p "$SIQ_SVC_DIR" && siq_start_postgres && siq_start_redis && siq_start_clickhouse ;;
    stop) siq_stop ;;
    *) echo "usage: $0 start|stop"; exit 2 ;;
esac
