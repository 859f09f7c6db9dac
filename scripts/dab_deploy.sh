#!/usr/bin/env bash
# Validates and deploys the Databricks bundle to a target (dev or prod).
# Needs the Databricks CLI and DATABRICKS_HOST plus a token or OAuth
# credentials in the environment; the warehouse id and catalog are bundle
# variables (BUNDLE_VAR_warehouse_id, BUNDLE_VAR_catalog).
# Usage: scripts/dab_deploy.sh [dev|prod] [--validate-only]
set -euo pipefail
target="${1:-dev}"
case "$target" in dev|prod) ;; *) echo "target must be dev or prod, got '$target'" >&2; exit 64 ;; esac
cd "$(dirname "$0")/../databricks"
command -v databricks >/dev/null || { echo "the Databricks CLI is not installed" >&2; exit 127; }
databricks bundle validate -t "$target"
[ "${2:-}" = "--validate-only" ] && exit 0
databricks bundle deploy -t "$target"
