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
# the documented seam for open dialogs: each pick takes the first line of this file (paths joined by |)
export SHOPDESK_PICK_FILE="${SHOPDESK_PICK_FILE:-$ROOT/tests/e2e/artifacts/pick.txt}"
: >"$SHOPDESK_PICK_FILE"
# the documented seam for desktop notifications: each one the app shows is also a JSON line here
export SHOPDESK_NOTIFY_LOG="${SHOPDESK_NOTIFY_LOG:-$ROOT/tests/e2e/artifacts/notify.jsonl}"
mkdir -p "$(dirname "$SHOPDESK_NOTIFY_LOG")"
: >"$SHOPDESK_NOTIFY_LOG"
PORT="${SHOPDESK_WD_PORT:-4444}"
tauri-driver --port "$PORT" --native-port $((PORT + 1)) >"${SHOPDESK_SESSION_DIR:-/tmp}/tauri-driver.log" 2>&1 &
DRIVER=$!
trap 'kill $DRIVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  (echo >/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break
  sleep 0.1
done
export SHOPDESK_WD_PORT="$PORT"
mkdir -p "$ROOT/tests/e2e/artifacts"
# with arguments, only those spec files (e.g. tests/e2e/40-orders.test.mjs); else the whole suite
if [ "$#" -gt 0 ]; then SPECS=("$@"); else SPECS=("$ROOT"/tests/e2e/*.test.mjs); fi
node --test --test-concurrency=1 --test-reporter=spec "${SPECS[@]}"
