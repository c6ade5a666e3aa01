#!/usr/bin/env bash
# Installs code-server (a real VS Code served to a browser) and Debian's chromium for the e2e rig.
# Idempotent: a second run is a cache hit. Everything lands in $RIG_CACHE, never inside the repository.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
RIG_CACHE="${RIG_CACHE:-$HOME/.cache/istio-canary-rig}"
CS_DIR="$RIG_CACHE/code-server"
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
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "ensureCodeServer: Debian packages done after $(elapsed)"
fi

if [ -f "$STAMP" ] && [ -f "$CS_DIR/node_modules/code-server/out/node/entry.js" ]; then
  echo "code-server cache hit ($CS_DIR, $CODE_SERVER_VERSION) in $(elapsed)"
  exit 0
fi

# --- Node 24 with its headers (code-server's postinstall demands Node 24; node-gyp needs matching headers) ---
# When npm runs this script (npm test / npm start), the outer npm's Node leaks into a nested `npm install`
# through npm_config_user_agent, npm_config_nodedir and NODE: node24.sh gives the nested install a clean one.
# shellcheck source=node24.sh
. "$REPO_ROOT/scripts/vscode/node24.sh"
node24_select "$REPO_ROOT" "$RIG_CACHE"
node24_check
echo "ensureCodeServer: Node $NODE24_VERSION with matching headers at $NODE24_DIR"

# --- code-server from npm, built against Node 24 ---
echo "ensureCodeServer: installing code-server@$CODE_SERVER_VERSION into $CS_DIR (about 2-3 minutes cold: ~250 MB download, native modules built)"
rm -rf "$CS_DIR"
mkdir -p "$CS_DIR"
t1=$(date +%s)
(
  cd "$CS_DIR"
  echo '{"name":"istio-canary-rig-code-server","private":true}' > package.json
  node24_run npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
)
nodedir="$NODE24_DIR"
echo "$nodedir/bin/node" > "$CS_DIR/node-path"
touch "$STAMP"
echo "ensureCodeServer: code-server installed in $(( $(date +%s) - t1 ))s (total $(elapsed)), $(du -sh "$CS_DIR" | cut -f1)"
