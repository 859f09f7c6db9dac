#!/usr/bin/env bash
# Brings up the local stack: installs dependencies and starts the portal
# (app on :3000, backend on :7007) with the Notion and Azure sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 22 ]; then
  echo "Node 22 or 24 is needed (found $(node --version)); see docs/development.md" >&2
  exit 1
fi
yarn install --immutable
exec yarn start
