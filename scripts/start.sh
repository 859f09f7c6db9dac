#!/usr/bin/env bash
# Starts the portal with the sandbox's demo portfolio: the app on
# http://localhost:3000, the backend on :7007. On a fresh machine it first
# brings Node 22 and Yarn (scripts/bootstrap.sh) and installs dependencies.
# Extra arguments go to `yarn start`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
bootstrap_dependencies "$PWD"
exec yarn start "$@"
