# shellcheck shell=bash
# A throwaway PostgreSQL cluster for the tests: Debian's postgresql, a data
# directory under a temporary folder, loopback only, a random password.
# Source this file, then `start_test_postgres` (exports
# BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING, which
# TestDatabases in @backstage/backend-test-utils reads) and
# `stop_test_postgres` (stops the cluster and deletes its files).

test_postgres_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    echo "test: installing Debian's postgresql (apt-get)" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
    dir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  echo "$dir"
}

# Runs a command as the cluster's owner: initdb refuses to run as root.
test_postgres_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start_test_postgres() {
  local bin port password
  bin="$(test_postgres_bin)"
  TEST_POSTGRES_DIR="$(mktemp -d "${TMPDIR:-/tmp}/control-room-postgres.XXXXXX")"
  TEST_POSTGRES_BIN="$bin"
  password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  printf '%s\n' "$password" >"$TEST_POSTGRES_DIR/password"
  [ "$(id -u)" -ne 0 ] || chown -R postgres "$TEST_POSTGRES_DIR"
  test_postgres_as_owner "$bin/initdb" -D "$TEST_POSTGRES_DIR/data" -U postgres \
    --pwfile="$TEST_POSTGRES_DIR/password" -A scram-sha-256 >/dev/null
  rm -f "$TEST_POSTGRES_DIR/password"
  # The first free loopback port from 55432; another checkout may run its own.
  port="${CONTROL_ROOM_TEST_POSTGRES_PORT:-55432}"
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
  done
  test_postgres_as_owner "$bin/pg_ctl" -D "$TEST_POSTGRES_DIR/data" -w -l "$TEST_POSTGRES_DIR/server.log" \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$TEST_POSTGRES_DIR -c max_connections=200" \
    start >/dev/null
  export BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING="postgresql://postgres:$password@127.0.0.1:$port"
  echo "test: PostgreSQL ($(basename "$(dirname "$bin")")) on 127.0.0.1:$port for this run"
}

stop_test_postgres() {
  if [ -n "${TEST_POSTGRES_DIR:-}" ] && [ -d "$TEST_POSTGRES_DIR/data" ]; then
    test_postgres_as_owner "$TEST_POSTGRES_BIN/pg_ctl" -D "$TEST_POSTGRES_DIR/data" -m fast -w stop >/dev/null || true
  fi
  [ -z "${TEST_POSTGRES_DIR:-}" ] || rm -rf "$TEST_POSTGRES_DIR"
  unset BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING
}
