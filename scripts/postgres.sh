#!/usr/bin/env bash
# A private PostgreSQL server on 127.0.0.1 for the story store (ADC_STORE_URL), from Debian's
# packages: initialised in a folder of its own, nothing assumed running, nothing left behind.
#
#   bash scripts/postgres.sh start [MAP]   initdb in MAP (if new), start, create database `adc`;
#                                          prints the URL (postgresql://adc:…@127.0.0.1:PORT/adc)
#   bash scripts/postgres.sh url [MAP]     prints the URL of the server in MAP
#   bash scripts/postgres.sh stop [MAP]    stops the server and removes MAP
#
# MAP defaults to $ADC_PG_DIR, else ${TMPDIR:-/tmp}/adc-postgres-<checksum of this worktree>.
# The port is $ADC_PG_PORT, else a free one. PostgreSQL refuses to run as root: as root the
# server runs as the user `postgres` (Debian's package creates it), else as `nobody`.
set -euo pipefail
cd "$(dirname "$0")/.."

action="${1:-}"
default_dir="${TMPDIR:-/tmp}/adc-postgres-$(pwd | cksum | cut -d' ' -f1)"
dir="${2:-${ADC_PG_DIR:-$default_dir}}"

pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$pg_bin" ]; then
    pg_bin="$(dirname "$(command -v initdb 2>/dev/null || echo /niet-gevonden/initdb)")"
fi
if [ ! -x "$pg_bin/initdb" ] || [ ! -x "$pg_bin/pg_ctl" ]; then
    echo "PostgreSQL (initdb, pg_ctl) niet gevonden; installeer het Debian-pakket 'postgresql' (scripts/setup.sh doet dat)." >&2
    exit 1
fi

# Run a PostgreSQL tool as the server's user.
as_server() {
    if [ "$(id -u)" = 0 ]; then
        local user=postgres
        id -u postgres >/dev/null 2>&1 || user=nobody
        runuser -u "$user" -- "$@"
    else
        "$@"
    fi
}

url() {
    if [ ! -f "$dir/url" ]; then
        echo "Geen PostgreSQL-server in $dir (start hem met: bash scripts/postgres.sh start $dir)." >&2
        exit 1
    fi
    cat "$dir/url"
}

start() {
    if [ ! -f "$dir/url" ]; then
        mkdir -p "$dir"
        chmod 700 "$dir"
        local port="${ADC_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
        local password
        password="$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')"
        mkdir -p "$dir/cluster" "$dir/socket"
        printf '%s\n' "$password" >"$dir/password"
        if [ "$(id -u)" = 0 ]; then
            local user=postgres
            id -u postgres >/dev/null 2>&1 || user=nobody
            chown -R "$user" "$dir"
            # The parent folders must let the server's user through to its own folder.
            chmod o+x "$(dirname "$dir")" 2>/dev/null || true
        fi
        as_server "$pg_bin/initdb" -D "$dir/cluster" -U adc --pwfile="$dir/password" \
            --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
            cat "$dir/initdb.log" >&2
            exit 1
        }
        printf 'postgresql://adc:%s@127.0.0.1:%s/adc\n' "$password" "$port" >"$dir/url"
        printf '%s\n' "$port" >"$dir/port"
        rm -f "$dir/password"
        created=1
    fi
    local port
    port="$(cat "$dir/port")"
    if ! as_server "$pg_bin/pg_ctl" -D "$dir/cluster" status >/dev/null 2>&1; then
        as_server "$pg_bin/pg_ctl" -D "$dir/cluster" -l "$dir/cluster/server.log" -w -t 60 \
            -o "-k $dir/socket -h 127.0.0.1 -p $port" start >/dev/null || {
            cat "$dir/cluster/server.log" >&2
            exit 1
        }
    fi
    if [ "${created:-0}" = 1 ]; then
        PGPASSWORD="$(sed -E 's#^postgresql://adc:([^@]*)@.*#\1#' "$dir/url")" \
            "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U adc adc
    fi
    url
}

stop() {
    if [ -d "$dir/cluster" ]; then
        as_server "$pg_bin/pg_ctl" -D "$dir/cluster" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

case "$action" in
    start) start ;;
    stop) stop ;;
    url) url ;;
    *)
        echo "Gebruik: bash scripts/postgres.sh start|stop|url [MAP]" >&2
        exit 2
        ;;
esac
