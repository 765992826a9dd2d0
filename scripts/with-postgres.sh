#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster on loopback, then removes the cluster.
#   scripts/with-postgres.sh .venv/bin/pytest -q
# The command gets DATABASE_URL, and LMS_PG_CTL (pg_ctl with the cluster's options) to stop or restart it.
# The cluster lives in a temporary folder, listens on 127.0.0.1 only and is stopped on exit, even after a failure.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found; run scripts/system-deps.sh test" >&2; exit 1; }
as_postgres=()
if [ "$(id -u)" -eq 0 ]; then as_postgres=(runuser -u postgres --); fi

caller_dir=$PWD
dir=$(mktemp -d /tmp/lms-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
# The postgres user may not be allowed into the caller's folder (mktemp -d makes it private); paths are absolute.
cd /tmp
cleanup() {
    "${as_postgres[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT

"${as_postgres[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null

# A port can be taken without anyone listening on it (for instance by the local end of a client connection),
# so try to start the server on successive ports until one works.
port=""
for candidate in $(seq 55432 55482); do
    (echo > "/dev/tcp/127.0.0.1/$candidate") 2>/dev/null && continue
    if "${as_postgres[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w start -o \
        "-p $candidate -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        >/dev/null 2>&1; then
        port=$candidate
        break
    fi
done
if [ -z "$port" ]; then
    echo "PostgreSQL did not start on any port from 55432 to 55482; its log:" >&2
    cat "$dir/log" >&2
    exit 1
fi
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') running on 127.0.0.1:$port"
cd "$caller_dir"
# For fault tests that restart the server (tests/bench/faults.py): `$LMS_PG_CTL restart -m fast`, run from a
# folder the postgres user may enter (e.g. /tmp).
export LMS_PG_CTL="${as_postgres[*]:+${as_postgres[*]} }$bin/pg_ctl -D $dir/data -l $dir/log -w"
DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres" "$@"
