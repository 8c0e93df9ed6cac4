#!/usr/bin/env bash
# `npm test`: everything CI checks, against a fresh throw-away Prosody.
#
#   1. dependencies: prosody, chromium and python3-slixmpp via apt-get when missing (root), npm ci when
#      node_modules is stale
#   2. tsc --noEmit, eslint ., npm run build
#   3. web-test-runner (test/**/*.test.ts in headless Chromium)
#   4. node --test test/layers.test.mjs test/e2e/**/*.test.mjs (Playwright tests)
# Every step runs even if an earlier one failed; the exit status is non-zero if anything failed.
# The last line of output is always "N passed, N failed" (tests of steps 3 and 4, plus one
# check each for typecheck, lint, build and starting Prosody).
#
# Env (all optional):
#   XMPP_CHAT_TEST_HTTP_PORT (15280), XMPP_CHAT_TEST_C2S_PORT (15222)  test Prosody ports; when not
#       set and 15280/15222 are busy, the next free pair (15281/15223, ...) is used
#   CHROME_PATH (/usr/bin/chromium)   WTR_CONCURRENCY (2)
#   XMPP_CHAT_TEST_KEEP=1             keep the Prosody data dir (printed) for debugging
# Exported to the tests: XMPP_CHAT_TEST_HTTP_PORT, XMPP_CHAT_TEST_C2S_PORT, XMPP_CHAT_TEST_SERVICE
#   (ws://localhost:PORT/xmpp-websocket), XMPP_CHAT_TEST_DOMAIN (localhost), XMPP_CHAT_PROSODY_DIR,
#   XMPP_CHAT_HTTP_PORT, XMPP_CHAT_C2S_PORT (so `scripts/prosody.sh register` hits the test server),
#   CHROME_PATH, XMPP_CHAT_ROOT.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export XMPP_CHAT_ROOT="$ROOT"
T0=$SECONDS

section() { printf '\n==== %s\n' "$*"; }

# ---- 1. dependencies ------------------------------------------------------------------------------
section "dependencies"
# shellcheck source=ensure-deps.sh
source "$ROOT/scripts/ensure-deps.sh"
if ! ensure_deps prosody chromium peer npm; then
  echo "dependencies missing (see above)"
  echo "0 passed, 1 failed"
  exit 1
fi
# Set only now: ensure_chromium installs Debian's Chromium when CHROME_PATH is unset or is its path.
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
echo "prosody: $(command -v prosody), chromium: $CHROME_PATH, node $(node --version)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/xmpp-chat-test.XXXXXX")"
export XMPP_CHAT_PROSODY_DIR="$WORK/prosody"
PROSODY_STARTED=""

cleanup() {
  local rc=$?
  if [[ -n "$PROSODY_STARTED" ]]; then bash "$ROOT/scripts/prosody.sh" stop >/dev/null 2>&1 || true; fi
  if [[ "${XMPP_CHAT_TEST_KEEP:-}" == 1 ]]; then echo "kept test data in $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- bookkeeping ------------------------------------------------------------------------------------
PASSED=0
FAILED=0
STEPS=()
record_check() { # NAME OK(0/1)
  if [[ "$2" == 0 ]]; then PASSED=$((PASSED + 1)); STEPS+=("ok    $1"); else FAILED=$((FAILED + 1)); STEPS+=("FAIL  $1"); fi
}
run_check() { # NAME CMD...: one pass/fail item
  local name="$1"; shift
  section "$name: $*"
  local t=$SECONDS rc=0
  "$@" || rc=$?
  record_check "$name ($((SECONDS - t)) s)" "$rc"
}

# ---- 2. static checks and build -----------------------------------------------------------------------
run_check typecheck npx --no-install tsc --noEmit
run_check lint npx --no-install eslint .
run_check build npm run --silent build

# ---- test Prosody -----------------------------------------------------------------------------------
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [[ -z "${XMPP_CHAT_TEST_HTTP_PORT:-}" && -z "${XMPP_CHAT_TEST_C2S_PORT:-}" ]]; then
  for k in $(seq 0 20); do
    if port_free $((15280 + k)) && port_free $((15222 + k)); then
      XMPP_CHAT_TEST_HTTP_PORT=$((15280 + k)); XMPP_CHAT_TEST_C2S_PORT=$((15222 + k)); break
    fi
  done
fi
export XMPP_CHAT_TEST_HTTP_PORT="${XMPP_CHAT_TEST_HTTP_PORT:-15280}"
export XMPP_CHAT_TEST_C2S_PORT="${XMPP_CHAT_TEST_C2S_PORT:-15222}"
export XMPP_CHAT_HTTP_PORT="$XMPP_CHAT_TEST_HTTP_PORT" XMPP_CHAT_C2S_PORT="$XMPP_CHAT_TEST_C2S_PORT"
export XMPP_CHAT_TEST_SERVICE="ws://localhost:$XMPP_CHAT_TEST_HTTP_PORT/xmpp-websocket"
export XMPP_CHAT_TEST_DOMAIN="localhost"

section "test Prosody"
PROSODY_STARTED=1
prosody_rc=0
bash "$ROOT/scripts/prosody.sh" fresh || prosody_rc=$?
record_check "test Prosody on :$XMPP_CHAT_TEST_HTTP_PORT/:$XMPP_CHAT_TEST_C2S_PORT" "$prosody_rc"

# ---- 3. browser tests (web-test-runner) --------------------------------------------------------------
WTR_COUNTS_FILE="$WORK/wtr-counts.json"
export WTR_COUNTS_FILE
section "web-test-runner (test/**/*.test.ts, Chromium)"
t=$SECONDS
wtr_rc=0
timeout --kill-after=30 1200 npx --no-install web-test-runner || wtr_rc=$?
WTR_FAILURES=""
WTR_SUMMARY="wtr: no results (web-test-runner exited with $wtr_rc before reporting)"
if [[ -s "$WTR_COUNTS_FILE" ]]; then
  read -r wp wf ws < <(node -e '
    const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(c.passed, c.failed, c.skipped);' "$WTR_COUNTS_FILE")
  PASSED=$((PASSED + wp)); FAILED=$((FAILED + wf))
  WTR_SUMMARY="wtr: $wp passed, $wf failed, $ws skipped"
  WTR_FAILURES="$(node -e '
    const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const f of c.failures ?? []) console.log("    x " + f.replace(/\s+/g, " ").slice(0, 400));' "$WTR_COUNTS_FILE")"
  if [[ $wtr_rc != 0 && $wf == 0 ]]; then FAILED=$((FAILED + 1)); WTR_SUMMARY+=" (but exited with $wtr_rc)"; fi
else
  FAILED=$((FAILED + 1))
fi
if [[ $wtr_rc == 0 ]]; then STEPS+=("ok    web-test-runner ($((SECONDS - t)) s)"); else STEPS+=("FAIL  web-test-runner ($((SECONDS - t)) s, exit $wtr_rc)"); fi

# ---- 4. node tests: layer rules + Playwright e2e --------------------------------------------------------
NODE_FILES=(test/layers.test.mjs test/size.test.mjs test/engines.test.mjs)
if [[ -d test/e2e ]]; then
  while IFS= read -r f; do NODE_FILES+=("$f"); done < <(find test/e2e -type f \( -name '*.test.mjs' -o -name '*.test.js' \) | sort)
fi
NODE_FLAGS=()
# Node 20 has the global WebSocket (used by @xmpp/client) only behind a flag.
[[ "$(node -p 'process.versions.node.split(".")[0]')" -lt 22 ]] && NODE_FLAGS+=(--experimental-websocket)
TAP="$WORK/node-tests.tap"
section "node --test ${NODE_FILES[*]}"
t=$SECONDS
node_rc=0
timeout --kill-after=30 900 node "${NODE_FLAGS[@]}" --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$TAP" \
  "${NODE_FILES[@]}" || node_rc=$?
tap_count() { local n; n=$(grep -E "^# $1 [0-9]+" "$TAP" 2>/dev/null | tail -n 1 | awk '{print $3}'); echo "${n:-0}"; }
np=$(tap_count pass); nf=$(( $(tap_count fail) + $(tap_count cancelled) )); ns=$(tap_count skipped)
PASSED=$((PASSED + np)); FAILED=$((FAILED + nf))
NODE_SUMMARY="node --test: $np passed, $nf failed, $ns skipped (${#NODE_FILES[@]} files)"
if [[ $node_rc != 0 && $nf == 0 ]]; then FAILED=$((FAILED + 1)); NODE_SUMMARY+=" (but exited with $node_rc)"; fi
if [[ $node_rc == 0 ]]; then STEPS+=("ok    node --test ($((SECONDS - t)) s)"); else STEPS+=("FAIL  node --test ($((SECONDS - t)) s, exit $node_rc)"); fi

# ---- summary --------------------------------------------------------------------------------------
section "summary ($((SECONDS - T0)) s)"
printf '  %s\n' "${STEPS[@]}"
echo "  $WTR_SUMMARY"
[[ -n "$WTR_FAILURES" ]] && echo "$WTR_FAILURES"
echo "  $NODE_SUMMARY"
grep -E '^\s*not ok ' "$TAP" 2>/dev/null | sed -E 's/^\s*not ok [0-9]+ - /    x /' | head -20 || true
echo "  (the totals below also count typecheck, lint, build and the Prosody start as one check each)"
echo "$PASSED passed, $FAILED failed"
[[ $FAILED == 0 ]]
