#!/usr/bin/env bash
# Asks a running backend whether the Control Room and its lakehouse answer.
# Exit 0 when healthy, 1 when degraded, 2 when the backend does not answer.
# Usage: scripts/health_check.sh [backend-url]   (default http://localhost:7007)
set -uo pipefail
url="${1:-${BACKEND_URL:-http://localhost:7007}}/api/control-room/health"
body=$(curl -fsS --max-time 10 "$url") || { echo "no answer from $url" >&2; exit 2; }
echo "$body"
status=$(printf '%s' "$body" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).status))')
[ "$status" = "ok" ] || exit 1
