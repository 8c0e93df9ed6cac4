#!/usr/bin/env bash
# Local Prosody (Debian package) for xmpp-chat development and tests. Loopback only.
#
# Usage: scripts/prosody.sh COMMAND
#   start               start in the background if not running, then wait until HTTP + c2s answer (idempotent)
#   stop                SIGTERM our own Prosody (pid recorded at start), wait for it to exit (idempotent)
#   restart             stop + start
#   fresh               stop, wipe the data dir (accounts, rosters, archives, uploads, log), start
#   status              print pid and URLs; exit 1 when stopped
#   wait                wait until the running server answers (up to 10 s)
#   register USER PASS  create USER@localhost, or reset its password if it exists (idempotent)
#   contacts USER1 USER2  make two existing localhost users mutual contacts (subscription=both);
#                       only writes rosters that do not exist yet (safe to repeat)
#   log                 print the last 50 lines of the server log
#
# Env:
#   XMPP_CHAT_PROSODY_DIR  data dir (data/, certs/, pid, log)   default: <repo>/.prosody
#   XMPP_CHAT_HTTP_PORT    HTTP port (WebSocket, BOSH, uploads) default: 5280
#   XMPP_CHAT_C2S_PORT     client port                          default: 5222
#   XMPP_CHAT_PROSODY_LOGLEVEL                                   default: info
#
# Endpoints: ws://localhost:$XMPP_CHAT_HTTP_PORT/xmpp-websocket, hosts localhost, anon.localhost,
# conference.localhost, upload.localhost (see scripts/prosody.cfg.lua).
# Never run `prosody --version`: it starts the system server with /etc/prosody.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
CFG="$HERE/prosody.cfg.lua"
export XMPP_CHAT_PROSODY_DIR="${XMPP_CHAT_PROSODY_DIR:-$ROOT/.prosody}"
export XMPP_CHAT_HTTP_PORT="${XMPP_CHAT_HTTP_PORT:-5280}"
export XMPP_CHAT_C2S_PORT="${XMPP_CHAT_C2S_PORT:-5222}"
DIR="$XMPP_CHAT_PROSODY_DIR"
PIDFILE="$DIR/server.pid"       # written by this script ($! of `prosody -F`), not by Prosody
LOGFILE="$DIR/prosody.log"

say() { echo "[prosody] $*"; }
err() { echo "[prosody] $*" >&2; }

need_prosody() {
  # shellcheck source=ensure-deps.sh
  source "$HERE/ensure-deps.sh"
  ensure_prosody
}

ctl() { prosodyctl --config "$CFG" "$@"; }

# pid of our server, if it is alive (checks that the pid still belongs to a prosody process)
our_pid() {
  [[ -s "$PIDFILE" ]] || return 1
  local pid; pid="$(cat "$PIDFILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q prosody; then return 1; fi
  echo "$pid"
}

# true when the HTTP port answers GET /xmpp-websocket with 200 (pure bash; curl may be missing)
http_ready() {
  ( exec 3<>"/dev/tcp/127.0.0.1/$XMPP_CHAT_HTTP_PORT" || exit 1
    printf 'GET /xmpp-websocket HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
    IFS= read -r -t 2 line <&3 || exit 1
    [[ "$line" =~ ^HTTP/1\.[01]\ 200 ]] ) 2>/dev/null
}
port_open() { ( exec 3<>"/dev/tcp/127.0.0.1/$1" ) 2>/dev/null; }

show_log() { err "last lines of $LOGFILE:"; tail -n 30 "$LOGFILE" >&2 2>/dev/null || true; tail -n 10 "$DIR/stdout.log" >&2 2>/dev/null || true; }

# wait_ready [PID]: up to 10 s; fails fast when PID dies
wait_ready() {
  local pid="${1:-}" i
  for ((i = 0; i < 200; i++)); do
    if http_ready && port_open "$XMPP_CHAT_C2S_PORT"; then return 0; fi
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      err "prosody (pid $pid) exited during startup"; show_log; return 1
    fi
    sleep 0.05
  done
  err "prosody not ready on 127.0.0.1:$XMPP_CHAT_HTTP_PORT / :$XMPP_CHAT_C2S_PORT after 10 s"; show_log; return 1
}

urls() { echo "ws://localhost:$XMPP_CHAT_HTTP_PORT/xmpp-websocket (c2s :$XMPP_CHAT_C2S_PORT, data $DIR)"; }

start() {
  local pid
  if pid="$(our_pid)"; then
    wait_ready "$pid"
    say "already running (pid $pid) $(urls)"
    return 0
  fi
  need_prosody
  if port_open "$XMPP_CHAT_HTTP_PORT" || port_open "$XMPP_CHAT_C2S_PORT"; then
    err "port $XMPP_CHAT_HTTP_PORT or $XMPP_CHAT_C2S_PORT is already in use by another process"
    err "(another Prosody with a different XMPP_CHAT_PROSODY_DIR? set XMPP_CHAT_HTTP_PORT / XMPP_CHAT_C2S_PORT)"
    return 1
  fi
  mkdir -p "$DIR/data" "$DIR/certs"
  local t0; t0=$(date +%s%N)
  # -F: foreground (no fork), so $! is the server itself. setsid puts it in its own session, so a
  # Ctrl-C in the terminal that ran this script does not reach it: only `stop` ends it.
  # The real log is $LOGFILE.
  rm -f "$DIR/prosody.pid"
  setsid nohup prosody -F --config "$CFG" >"$DIR/stdout.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PIDFILE"
  if ! wait_ready "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    rm -f "$PIDFILE"
    return 1
  fi
  # Prosody writes its own pid to prosody.pid; prefer it (in case setsid had to fork).
  local own; own="$(cat "$DIR/prosody.pid" 2>/dev/null || true)"
  if [[ "$own" =~ ^[0-9]+$ && "$own" != "$pid" ]] && kill -0 "$own" 2>/dev/null; then
    pid="$own"; echo "$pid" >"$PIDFILE"
  fi
  say "started pid $pid in $(( ($(date +%s%N) - t0) / 1000000 )) ms: $(urls)"
}

stop() {
  local pid i
  if ! pid="$(our_pid)"; then
    rm -f "$PIDFILE"
    say "not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 200; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then rm -f "$PIDFILE"; say "stopped pid $pid"; return 0; fi
    sleep 0.05
  done
  err "pid $pid did not stop within 10 s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
}

fresh() {
  stop
  rm -rf "${DIR:?}/data" "$LOGFILE" "$DIR/stdout.log"
  start
}

status() {
  local pid
  if pid="$(our_pid)"; then say "running pid $pid: $(urls)"; else say "stopped ($DIR)"; return 1; fi
}

register() {
  local user="${1:-}" pass="${2:-}" host="${3:-localhost}"
  if [[ -z "$user" || -z "$pass" ]]; then err "usage: $0 register USER PASS [HOST]"; return 2; fi
  need_prosody
  mkdir -p "$DIR/data" "$DIR/certs"
  # prosodyctl register creates the account or resets its password; works while the server runs.
  ctl register "$user" "$host" "$pass" >/dev/null
  say "registered $user@$host"
}

# Prosody's internal storage: data/<host with . as %2e>/roster/<user>.dat (a Lua table).
# Prosody's datamanager names files by encoding every non-alphanumeric byte as %xx (lower-case hex).
prosody_encode() {
  local s="$1" out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c="${s:i:1}"
    if [[ "$c" =~ [A-Za-z0-9] ]]; then out+="$c"; else out+=$(printf '%%%02x' "'$c"); fi
  done
  echo "$out"
}
roster_file() { echo "$DIR/data/$(prosody_encode "${2:-localhost}")/roster/$(prosody_encode "$1").dat"; }

write_roster() { # USER CONTACT_JID CONTACT_NAME
  local f; f="$(roster_file "$1")"
  if [[ -e "$f" ]]; then
    grep -q "\"$2\"" "$f" || say "$1 already has a roster without $2; not touching it"
    return 0
  fi
  mkdir -p "$(dirname "$f")"
  cat >"$f" <<LUA
return {
	[false] = {
		["version"] = 1;
		["pending"] = {};
	};
	["$2"] = {
		["subscription"] = "both";
		["name"] = "$3";
		["groups"] = {};
	};
};
LUA
}

contacts() {
  local a="${1:-}" b="${2:-}"
  if [[ -z "$a" || -z "$b" ]]; then err "usage: $0 contacts USER1 USER2"; return 2; fi
  write_roster "$a" "$b@localhost" "${b^}"
  write_roster "$b" "$a@localhost" "${a^}"
  say "$a@localhost and $b@localhost are contacts"
}

cmd="${1:-}"
[[ $# -gt 0 ]] && shift
case "$cmd" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  fresh) fresh ;;
  status) status ;;
  wait) wait_ready "$(our_pid || true)" ;;
  register) register "$@" ;;
  contacts) contacts "$@" ;;
  log) tail -n 50 "$LOGFILE" ;;
  *) echo "usage: $0 start|stop|restart|fresh|status|wait|register USER PASS|contacts USER1 USER2|log" >&2; exit 2 ;;
esac
