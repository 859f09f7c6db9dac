#!/usr/bin/env bash
# Starts one Notion sync now, outside its schedule, through the API
# (POST /api/control-room/jobs/notion_sync_bronze/run, needs
# control-room.job.run). BACKSTAGE_TOKEN is a user or service token; without
# it a local backend's guest sign-in is used.
# Usage: scripts/run_notion_sync.sh [backend-url]
set -euo pipefail
base="${1:-${BACKEND_URL:-http://localhost:7007}}"
token="${BACKSTAGE_TOKEN:-}"
if [ -z "$token" ]; then
  token=$(curl -fsS -X POST "$base/api/auth/guest/refresh" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).backstageIdentity.token))')
fi
curl -fsS -X POST -H "Authorization: Bearer $token" \
  "$base/api/control-room/jobs/notion_sync_bronze/run"
echo
