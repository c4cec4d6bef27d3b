#!/usr/bin/env bash
# npm run bench: release builds, then each benchmark prints its figures and ratios against their floor.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
setup_all
cd "$ROOT"
say "building ShopDesk (release, no bundle)"
tauri build --no-bundle --features test-seams >/dev/null
say "building the empty Tauri window (baseline)"
(cd tests/bench/empty-app && cargo build --release --quiet --features tauri/custom-protocol)
say "startup benchmark"
.ci/desktop-session.sh --xvfb -- python3 tests/bench/startup.py \
  "$CARGO_TARGET_DIR/release/shopdesk" "$CARGO_TARGET_DIR/release/shopdesk-empty"
say "soak (every page visited 50 times and 20 syncs in the demo workspace, through the real window)"
cargo build -p sandbox --bin shopdesk-sandbox --locked --quiet
SOAK_OUT="$(mktemp)"
SHOPDESK_SOAK_OUT="$SOAK_OUT" .ci/desktop-session.sh --xvfb -- bash .ci/e2e.sh tests/bench/soak.test.mjs >/dev/null
cat "$SOAK_OUT"
rm -f "$SOAK_OUT"
say "stock grid benchmark (100,000 SKUs x 6 warehouses)"
cargo bench -p store --bench grid 2>/dev/null
say "sync benchmark (10,000 SKUs per vendor, simulators enforcing their documented limits)"
cargo bench -p stock-sync --bench sync 2>/dev/null
say "stock freshness (10,000 SKUs per vendor, random stock changes, scheduled syncs in a 30 % lane, 4 min)"
cargo bench -p stock-sync --bench freshness 2>/dev/null
say "order outbox under faults (1,000 submissions across the three simulators)"
cargo bench -p order-outbox --bench orders_faults 2>/dev/null
say "stock push (10,000 SKUs per vendor at the documented limits)"
cargo bench -p stock-push --bench stock_push 2>/dev/null
say "stock push under faults (1,000 pushes, crash, second writer)"
cargo bench -p stock-push --bench stock_push_faults 2>/dev/null
say "bundle size (the release .deb, signed with a throwaway updater key)"
KEYDIR="$(mktemp -d)"
tauri signer generate -w "$KEYDIR/key" -p "" --ci >/dev/null
rm -f "$CARGO_TARGET_DIR"/release/bundle/deb/*.deb
TAURI_SIGNING_PRIVATE_KEY="$KEYDIR/key" TAURI_SIGNING_PRIVATE_KEY_PASSWORD="" tauri build --bundles deb >/dev/null
rm -rf "$KEYDIR"
node -e '
  const fs = require("fs"), dir = process.argv[1];
  const deb = fs.readdirSync(dir).find((f) => f.endsWith(".deb"));
  const mb = fs.statSync(`${dir}/${deb}`).size / 1048576;
  console.log(`bench bundle deb_mb=${mb.toFixed(2)} goal_mb=12 ratio=${(mb / 12).toFixed(3)}`);
' "$CARGO_TARGET_DIR/release/bundle/deb"
