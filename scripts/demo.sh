#!/usr/bin/env bash
# `npm start`: local Prosody + demo accounts + Vite dev server for index.html and demo/.
#
#   Prosody   ws://localhost:5280/xmpp-websocket   (data in .prosody/, kept between runs)
#   Accounts  alice/alicepass  bob/bobpass  carol/carolpass   (alice and bob are contacts)
#             support/supportpass (the support desk; visitors register on visitors.localhost)
#   Pages     http://localhost:5173/   http://localhost:5173/demo/...
#
# Ctrl-C stops Vite, and Prosody too if this script started it.
# Env: XMPP_CHAT_PROSODY_DIR, XMPP_CHAT_HTTP_PORT, XMPP_CHAT_C2S_PORT (see scripts/prosody.sh),
#      XMPP_CHAT_DEMO_PORT (5173)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PORT="${XMPP_CHAT_DEMO_PORT:-5173}"
PROSODY=(bash "$ROOT/scripts/prosody.sh")

# shellcheck source=ensure-deps.sh
source "$ROOT/scripts/ensure-deps.sh"
ensure_deps prosody npm

VITE_PID=""
STARTED_PROSODY=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$VITE_PID" ]] && kill -0 "$VITE_PID" 2>/dev/null; then
    kill -TERM "$VITE_PID" 2>/dev/null || true
    wait "$VITE_PID" 2>/dev/null || true
    echo "vite stopped"
  fi
  if [[ -n "$STARTED_PROSODY" ]]; then "${PROSODY[@]}" stop || true; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if "${PROSODY[@]}" status >/dev/null 2>&1; then
  echo "Prosody is already running; leaving it running on exit."
  "${PROSODY[@]}" start
else
  STARTED_PROSODY=1
  "${PROSODY[@]}" start
fi

USERS=(alice:alicepass bob:bobpass carol:carolpass support:supportpass)
for u in "${USERS[@]}"; do "${PROSODY[@]}" register "${u%%:*}" "${u#*:}" >/dev/null; done
"${PROSODY[@]}" contacts alice bob >/dev/null

cat <<INFO

  xmpp-chat demo
  --------------
  XMPP server  ws://localhost:${XMPP_CHAT_HTTP_PORT:-5280}/xmpp-websocket  (domain localhost)
  Accounts     alice@localhost / alicepass
               bob@localhost   / bobpass
               carol@localhost / carolpass
               support@localhost / supportpass  (the support desk's account)
               (alice and bob are contacts; visitors register on visitors.localhost)

  Open         http://localhost:$PORT/
               http://localhost:$PORT/demo/site/index.html   (a site with the chat launcher)
               http://localhost:$PORT/demo/agent.html        (the agent console)
               http://localhost:$PORT/demo/themed.html       (a themed launcher)

  Ctrl-C to stop.

INFO

"$ROOT/node_modules/.bin/vite" --host 127.0.0.1 --port "$PORT" --strictPort &
VITE_PID=$!
wait "$VITE_PID"
