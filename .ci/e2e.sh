#!/usr/bin/env bash
# End-to-end suite: tauri-driver (WebKitWebDriver) drives the real app window. Run inside
# desktop-session.sh --xvfb, after `tauri build --no-bundle --features test-seams` (the release build).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SHOPDESK_APP="${SHOPDESK_APP:-${CARGO_TARGET_DIR:-$ROOT/target}/release/shopdesk}"
[ -x "$SHOPDESK_APP" ] || { echo "app binary not found at $SHOPDESK_APP; build it first" >&2; exit 1; }
export SHOPDESK_SANDBOX="${SHOPDESK_SANDBOX:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/shopdesk-sandbox}"
[ -x "$SHOPDESK_SANDBOX" ] || { echo "simulator binary not found at $SHOPDESK_SANDBOX; cargo build -p sandbox" >&2; exit 1; }
# the documented seam that keeps the clock from starting syncs: a spec waits on the syncs it starts
export SHOPDESK_NO_SCHEDULE=1
# the documented seam for exports: the app writes there instead of asking with a native dialog
export SHOPDESK_EXPORT_DIR="${SHOPDESK_EXPORT_DIR:-$ROOT/tests/e2e/artifacts/exports}"
mkdir -p "$SHOPDESK_EXPORT_DIR"
# the documented print seam: a shipping label's PDF (and the packing slip's page) is written there instead of
# opening a viewer or the print dialog
export SHOPDESK_PRINT_DIR="${SHOPDESK_PRINT_DIR:-$ROOT/tests/e2e/artifacts/prints}"
mkdir -p "$SHOPDESK_PRINT_DIR"
# the documented seam for open dialogs: each pick takes the first line of this file (paths joined by |)
export SHOPDESK_PICK_FILE="${SHOPDESK_PICK_FILE:-$ROOT/tests/e2e/artifacts/pick.txt}"
: >"$SHOPDESK_PICK_FILE"
# the documented seam for desktop notifications: each one the app shows is also a JSON line here
export SHOPDESK_NOTIFY_LOG="${SHOPDESK_NOTIFY_LOG:-$ROOT/tests/e2e/artifacts/notify.jsonl}"
mkdir -p "$(dirname "$SHOPDESK_NOTIFY_LOG")"
: >"$SHOPDESK_NOTIFY_LOG"
PORT="${SHOPDESK_WD_PORT:-4444}"
export SHOPDESK_WD_PORT="$PORT"
mkdir -p "$ROOT/tests/e2e/artifacts"
DRIVER_LOG="${SHOPDESK_SESSION_DIR:-/tmp}/tauri-driver.log"
DRIVER=""
stop_driver() {
  [ -n "$DRIVER" ] || return 0
  pkill -P "$DRIVER" 2>/dev/null || true # its WebKitWebDriver
  kill "$DRIVER" 2>/dev/null || true
  wait "$DRIVER" 2>/dev/null || true
  DRIVER=""
  # a spec that failed may leave its window behind: the next spec must not hand over to it
  pkill -KILL -f -- "^$SHOPDESK_APP( |\$)" 2>/dev/null || true
}
trap stop_driver EXIT
# with arguments, only those spec files (e.g. tests/e2e/40-orders.test.mjs); else the whole suite
if [ "$#" -gt 0 ]; then SPECS=("$@"); else SPECS=("$ROOT"/tests/e2e/*.test.mjs); fi
# one tauri-driver per spec file: a driver or WebKitWebDriver left broken by one spec's failure (an aborted
# session request) never fails the specs after it
RC=0
for spec in "${SPECS[@]}"; do
  echo "--- $(basename "$spec")" >>"$DRIVER_LOG"
  tauri-driver --port "$PORT" --native-port $((PORT + 1)) >>"$DRIVER_LOG" 2>&1 &
  DRIVER=$!
  for _ in $(seq 1 100); do
    (echo >/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break
    sleep 0.1
  done
  node --test --test-concurrency=1 --test-reporter=spec "$spec" || RC=1
  stop_driver
done
exit $RC
