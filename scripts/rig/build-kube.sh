#!/usr/bin/env bash
# Build the real control-plane rig for tests: kube-apiserver + kube-controller-manager 1.20
# from Debian's `kubernetes` source package, plus kubectl 1.20 from `kubernetes-client`.
#
# Everything lands in $RIG_CACHE (default ~/.cache/istio-canary-rig), never in the repository:
#   $RIG_CACHE/bin/{kube-apiserver,kube-controller-manager,kubectl}
# Idempotent: when the three binaries exist it prints "rig cache hit" and exits 0.
# Env: RIG_CACHE (cache dir), RIG_PRUNE=1 (delete the ~2 GB source tree after a good build).
# Needs root (apt-get). Cold: ~5-6 min on 2 cores; each step below says why it is there.
set -euo pipefail

RIG_CACHE="${RIG_CACHE:-$HOME/.cache/istio-canary-rig}"
BIN="$RIG_CACHE/bin"
SRC="$RIG_CACHE/src"
T0=$(date +%s)
PHASE_T=$T0

log() { echo "[build-kube] $*"; }
phase_done() {
  local now; now=$(date +%s)
  log "phase '$1' took $((now - PHASE_T)) s (total $((now - T0)) s)"
  PHASE_T=$now
}

# Refuse to build inside this repository (the sources are ~2 GB and must never be committed).
case "$RIG_CACHE" in /*) ;; *) echo "RIG_CACHE must be an absolute path" >&2; exit 2 ;; esac
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
case "$RIG_CACHE/" in
  "$REPO_ROOT"/*) echo "RIG_CACHE ($RIG_CACHE) is inside the repository; use a directory outside it" >&2; exit 2 ;;
esac

if [ -x "$BIN/kube-apiserver" ] && [ -x "$BIN/kube-controller-manager" ] && [ -x "$BIN/kubectl" ] \
   && command -v etcd >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then
  log "rig cache hit: $BIN"
  exit 0
fi

mkdir -p "$RIG_CACHE" "$BIN"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

# ---------------------------------------------------------------- apt: deb-src + packages
SRC_LIST=/etc/apt/sources.list.d/debian-src.sources
NEED_UPDATE=0
if ! grep -Rqs -E '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  log "adding deb-src stanzas ($SRC_LIST) copied from debian.sources"
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    sed -E 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $SUDO tee "$SRC_LIST" >/dev/null
  elif [ -f /etc/apt/sources.list ]; then
    grep -E '^deb ' /etc/apt/sources.list | sed -E 's/^deb /deb-src /' | $SUDO tee /etc/apt/sources.list.d/debian-src.list >/dev/null
  else
    echo "no Debian apt source found to copy into a deb-src entry" >&2; exit 1
  fi
  NEED_UPDATE=1
fi
# Sources indices present?
if ! compgen -G '/var/lib/apt/lists/*_Sources*' >/dev/null; then NEED_UPDATE=1; fi

PKGS=(golang-go dpkg-dev rsync etcd-server golang-github-modern-go-reflect2-dev openssl)
MISSING=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then MISSING+=("$p"); fi
done
if [ "${#MISSING[@]}" -gt 0 ]; then
  for p in "${MISSING[@]}" kubernetes-client; do
    if ! apt-cache show "$p" >/dev/null 2>&1; then NEED_UPDATE=1; fi
  done
fi
if [ "$NEED_UPDATE" = 1 ]; then
  log "apt-get update"
  $SUDO apt-get update -q
fi
if [ "${#MISSING[@]}" -gt 0 ]; then
  log "installing: ${MISSING[*]}"
  $SUDO apt-get install -y -q --no-install-recommends "${MISSING[@]}"
fi
phase_done apt

# ---------------------------------------------------------------- kubectl 1.20 (not installed)
if [ ! -x "$BIN/kubectl" ]; then
  DL="$RIG_CACHE/deb"
  rm -rf "$DL"; mkdir -p "$DL"
  (cd "$DL" && apt-get download kubernetes-client)
  dpkg-deb -x "$DL"/kubernetes-client_*.deb "$DL/x"
  install -m 0755 "$DL/x/usr/bin/kubectl" "$BIN/kubectl"
  rm -rf "$DL"
  "$BIN/kubectl" version --client --short 2>/dev/null || "$BIN/kubectl" version --client || true
fi
phase_done kubectl

# ---------------------------------------------------------------- kube-apiserver + controller-manager
if [ ! -x "$BIN/kube-apiserver" ] || [ ! -x "$BIN/kube-controller-manager" ]; then
  TREE="$SRC/kubernetes"
  if [ ! -f "$TREE/.rig-unpacked" ]; then
    log "fetching source package 'kubernetes'"
    rm -rf "$SRC"; mkdir -p "$SRC/pkg"
    # apt-get source as root warns that the download runs unsandboxed; harmless.
    (cd "$SRC/pkg" && apt-get source --download-only kubernetes)
    DSC=$(ls "$SRC"/pkg/kubernetes_*.dsc | head -n1)
    log "unpacking $(basename "$DSC") (applies Debian patches)"
    dpkg-source -x "$DSC" "$TREE" >/dev/null
    rm -rf "$SRC/pkg"
    touch "$TREE/.rig-unpacked"
    phase_done source
  fi

  # Go >= 1.18: vendored reflect2 v1.0.1 crashes kube-apiserver; use Debian's 1.0.2.
  R2_SRC=/usr/share/gocode/src/github.com/modern-go/reflect2
  R2_DST="$TREE/vendor/github.com/modern-go/reflect2"
  if [ ! -f "$R2_DST/.rig-reflect2-1.0.2" ]; then
    [ -d "$R2_SRC" ] || { echo "missing $R2_SRC (golang-github-modern-go-reflect2-dev)" >&2; exit 1; }
    [ -d "$R2_DST" ] || { echo "missing vendored reflect2 at $R2_DST" >&2; exit 1; }
    find "$R2_DST" -maxdepth 1 -type f \( -name '*.go' -o -name '*.s' \) -delete
    find "$R2_SRC" -maxdepth 1 -type f \( -name '*.go' -o -name '*.s' \) ! -name '*_test.go' \
      -exec cp {} "$R2_DST/" \;
    touch "$R2_DST/.rig-reflect2-1.0.2"
    log "replaced vendored reflect2 with Debian's 1.0.2"
  fi

  log "make (GOPATH mode, offline); cold ~5 min on 2 cores"
  mkdir -p "$RIG_CACHE/home" "$RIG_CACHE/gocache"
  (
    cd "$TREE"
    env HOME="$RIG_CACHE/home" GOCACHE="$RIG_CACHE/gocache" \
      GOTOOLCHAIN=local GOPROXY=off GO111MODULE=off CGO_ENABLED=0 GOFLAGS= \
      make WHAT="cmd/kube-apiserver cmd/kube-controller-manager" GOLDFLAGS="-s -w" \
        KUBE_BUILD_PLATFORMS=linux/amd64
  )
  OUT="$TREE/_output/local/bin/linux/amd64"
  install -m 0755 "$OUT/kube-apiserver" "$BIN/kube-apiserver.tmp"
  install -m 0755 "$OUT/kube-controller-manager" "$BIN/kube-controller-manager.tmp"
  mv -f "$BIN/kube-apiserver.tmp" "$BIN/kube-apiserver"
  mv -f "$BIN/kube-controller-manager.tmp" "$BIN/kube-controller-manager"
  phase_done build

  if [ "${RIG_PRUNE:-0}" = 1 ]; then
    log "RIG_PRUNE=1: removing source tree and Go build cache"
    rm -rf "$SRC" "$RIG_CACHE/gocache" "$RIG_CACHE/home"
    phase_done prune
  fi
fi

"$BIN/kube-apiserver" --version
"$BIN/kube-controller-manager" --version
log "done in $(( $(date +%s) - T0 )) s: binaries in $BIN"
