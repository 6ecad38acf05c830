# shellcheck shell=bash
# Sourced by scripts/test: starts two throwaway PostgreSQL clusters on loopback for the PostgreSQL ledger tests and
# exports their settings. "main" serves every PostgreSQL test; "restart" belongs to the test that stops and restarts
# the server mid-run (so that it never disturbs the others). Both accept TLS (self-signed certificate) and plain TCP,
# with SCRAM passwords. Safe to source twice: a cluster that is still running is reused.
#
# Exports:
#   LABELGATE_TEST_POSTGRES_URL             app role (no UPDATE/DELETE/TRUNCATE on append-only tables)
#   LABELGATE_TEST_POSTGRES_ADMIN_URL       owner role (creates a schema per test, grants the app role)
#   LABELGATE_TEST_POSTGRES_TLS_ROOT_CERT   the server certificate, for sslmode=verify-full
#   LABELGATE_TEST_POSTGRES_RESTART_URL / _RESTART_ADMIN_URL   the same roles on the "restart" cluster
#   LABELGATE_TEST_POSTGRES_RESTART_STOP / _RESTART_START      shell commands that crash-stop and start it
#   LABELGATE_REQUIRE_POSTGRES=1            the tests fail (never skip) when a server is missing

labelgate_postgres_start() {
  local bindir base as_pg cluster dir data port pw
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "postgres.sh: PostgreSQL server binaries not found (Debian package postgresql)" >&2
    return 1
  fi
  base="${TMPDIR:-/tmp}/labelgate-postgres-$(id -u)"
  as_pg=()
  # PostgreSQL refuses to run as root: CI and developers running scripts/test as root use the postgres account.
  if [ "$(id -u)" -eq 0 ]; then as_pg=(runuser -u postgres --); fi
  mkdir -p "$base"
  chmod 755 "$base"
  pw="labelgate-test-secret"
  for cluster in main restart; do
    dir="$base/$cluster"
    data="$dir/data"
    if [ -f "$dir/port" ] && "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1 \
      && "$bindir/pg_isready" -q -h 127.0.0.1 -p "$(cat "$dir/port")"; then
      port=$(cat "$dir/port")
      echo "postgres.sh: reusing the $cluster cluster on 127.0.0.1:$port"
    else
      if [ -d "$data" ]; then "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true; fi
      rm -rf "$dir"
      mkdir -p "$dir"
      port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
      printf '%s\n' "$pw" >"$dir/pwfile"
      if [ ${#as_pg[@]} -gt 0 ]; then chown -R postgres: "$dir"; fi
      "${as_pg[@]}" "$bindir/initdb" -D "$data" -U labelgate_super --pwfile="$dir/pwfile" -A scram-sha-256 \
        -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
      openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=localhost" \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
        -keyout "$data/server.key" -out "$data/server.crt" >/dev/null 2>&1
      chmod 600 "$data/server.key"
      cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 300
ssl = on
ssl_cert_file = 'server.crt'
ssl_key_file = 'server.key'
CONF
      if [ ${#as_pg[@]} -gt 0 ]; then chown -R postgres: "$dir"; fi
      "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >/dev/null \
        || { cat "$dir/server.log" >&2; return 1; }
      PGPASSWORD="$pw" "$bindir/psql" -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U labelgate_super \
        -d postgres >/dev/null <<SQL || return 1
CREATE ROLE labelgate_owner LOGIN PASSWORD '$pw';
CREATE ROLE labelgate_app LOGIN PASSWORD '$pw';
CREATE DATABASE labelgate_test OWNER labelgate_owner;
REVOKE ALL ON DATABASE labelgate_test FROM PUBLIC;
GRANT CONNECT ON DATABASE labelgate_test TO labelgate_app;
SQL
      echo "$port" >"$dir/port"
      echo "postgres.sh: started the $cluster cluster on 127.0.0.1:$port ($data)"
    fi
    local app="postgres://labelgate_app:$pw@127.0.0.1:$port/labelgate_test?sslmode=disable"
    local admin="postgres://labelgate_owner:$pw@127.0.0.1:$port/labelgate_test?sslmode=disable"
    if [ "$cluster" = main ]; then
      export LABELGATE_TEST_POSTGRES_URL="$app"
      export LABELGATE_TEST_POSTGRES_ADMIN_URL="$admin"
      export LABELGATE_TEST_POSTGRES_TLS_ROOT_CERT="$data/server.crt"
    else
      export LABELGATE_TEST_POSTGRES_RESTART_URL="$app"
      export LABELGATE_TEST_POSTGRES_RESTART_ADMIN_URL="$admin"
      export LABELGATE_TEST_POSTGRES_RESTART_STOP="${as_pg[*]} $bindir/pg_ctl -D $data -m immediate -w stop"
      export LABELGATE_TEST_POSTGRES_RESTART_START="${as_pg[*]} $bindir/pg_ctl -D $data -l $dir/server.log -w -t 60 start"
    fi
  done
  export LABELGATE_REQUIRE_POSTGRES=1
}

labelgate_postgres_start
