#!/usr/bin/env bash
# Make sure the system and npm dependencies of xmpp-chat are present.
#
#   bash scripts/ensure-deps.sh [prosody] [chromium] [peer] [npm]     (no argument = all four)
#   source scripts/ensure-deps.sh; ensure_prosody; ensure_chromium; ensure_peer; ensure_npm
#
# - prosody, chromium, peer (python3-slixmpp, the other XMPP stack the tests talk to): Debian packages. Installed with apt-get when missing and we are root; otherwise
#   the exact command is printed and we fail. (The system Prosody service is never started: we do not
#   run `prosody --version` — that starts the system server — and we block service starts while
#   installing.)
# - npm: `npm ci` when node_modules is missing or older than package-lock.json.
# Env: CHROME_PATH (browser used by the tests; default /usr/bin/chromium)

_XC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_XC_APT_UPDATED=""

_xc_log() { echo "[ensure-deps] $*" >&2; }

_xc_is_root() { [[ "$(id -u)" == "0" ]]; }

# _xc_apt_install PKG... : install Debian packages as root, without starting their services.
_xc_apt_install() {
  if ! _xc_is_root; then
    _xc_log "missing system packages; run as root:"
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $*" >&2
    return 1
  fi
  local blocker="" rc=0
  # Packages like prosody start their system service on install; we run our own instance instead.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && blocker=1
  fi
  if [[ -z "$_XC_APT_UPDATED" ]]; then
    _xc_log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq || rc=$?
    _XC_APT_UPDATED=1
  fi
  if [[ $rc == 0 ]]; then
    _xc_log "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null || rc=$?
  fi
  [[ -n "$blocker" ]] && rm -f /usr/sbin/policy-rc.d
  return $rc
}

ensure_prosody() {
  if command -v prosody >/dev/null 2>&1 && command -v prosodyctl >/dev/null 2>&1; then return 0; fi
  _xc_apt_install prosody lua-unbound
}

ensure_chromium() {
  local chrome="${CHROME_PATH:-/usr/bin/chromium}"
  if [[ ! -x "$chrome" ]]; then
    # A custom browser path is the user's to provide; Debian's own path is ours to install.
    if [[ "$chrome" != /usr/bin/chromium ]]; then
      _xc_log "CHROME_PATH=$CHROME_PATH is not an executable"; return 1
    fi
    _xc_apt_install chromium || return 1
  fi
  # Screenshots of messages with emoji show empty boxes without a colour emoji font; not worth failing for.
  if [[ ! -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]] && _xc_is_root; then
    _xc_apt_install fonts-noto-color-emoji || _xc_log "no emoji font: screenshots will show boxes for emoji"
  fi
  return 0
}

# Tests play a contact on another XMPP stack with slixmpp, run by Debian's own Python.
ensure_peer() {
  # A folder left behind by a removed package still imports (as a namespace package): ask for a class.
  if /usr/bin/python3 -c 'from slixmpp import ClientXMPP' >/dev/null 2>&1; then return 0; fi
  _xc_apt_install python3-slixmpp
}

ensure_npm() {
  local lock="$_XC_ROOT/package-lock.json" marker="$_XC_ROOT/node_modules/.package-lock.json"
  if [[ ! -d "$_XC_ROOT/node_modules" || ! -e "$marker" || "$lock" -nt "$marker" ]]; then
    _xc_log "npm ci (node_modules missing or older than package-lock.json)"
    (cd "$_XC_ROOT" && npm ci --no-audit --no-fund)
  fi
}

ensure_deps() {
  local what=("$@")
  [[ ${#what[@]} == 0 ]] && what=(prosody chromium peer npm)
  local w
  for w in "${what[@]}"; do
    case "$w" in
      prosody) ensure_prosody ;;
      chromium) ensure_chromium ;;
      peer) ensure_peer ;;
      npm) ensure_npm ;;
      *) _xc_log "unknown dependency: $w (expected prosody, chromium, peer, npm)"; return 2 ;;
    esac || return $?
  done
}

# Executed (not sourced): do the work.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  ensure_deps "$@"
fi
