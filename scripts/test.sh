#!/usr/bin/env bash
# Runs every check CI runs: types, lint, formatting, unit tests with coverage,
# the fresh-clone start test and the browser tests. On a fresh machine it first
# brings Node 22 and Yarn (scripts/bootstrap.sh), installs dependencies,
# Debian's Chromium for the browser tests and Debian's PostgreSQL, on which it
# starts a throwaway cluster for the plugin database's tests. .ci/run calls this script.
set -euo pipefail
cd "$(dirname "$0")/.."

# The start test runs scripts/start.sh the way a new user would, with the
# machine's own node; remember it before bootstrap puts Node 22 first.
export CONTROL_ROOM_SYSTEM_NODE="${CONTROL_ROOM_SYSTEM_NODE:-$(command -v node || true)}"

. scripts/bootstrap.sh

# Browser tests drive Debian's Chromium; nothing downloads a browser.
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "test: installing Debian's chromium (apt-get)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"

bootstrap_dependencies "$PWD"

# The plugin database's tests run on SQLite and on this PostgreSQL.
. scripts/test-postgres.sh
trap stop_test_postgres EXIT
start_test_postgres

yarn test:all
