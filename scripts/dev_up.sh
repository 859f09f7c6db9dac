#!/usr/bin/env bash
# Kept for operators' muscle memory: the local stack is scripts/start.sh.
exec "$(dirname "$0")/start.sh" "$@"
