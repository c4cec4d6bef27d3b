#!/usr/bin/env bash
# npm run test:release (and the `release` suite of npm test): the release configuration as users get it.
# 1. the release-config lint (workflow schema, Tauri config, signing keys);
# 2. builds the release .deb twice — the current version and the next patch version — signed with a
#    throwaway key pair and pointed at an update server on 127.0.0.1; installs the older one with dpkg;
#    drives the installed app under Xvfb: a tampered download is refused (the old version keeps running),
#    then the real one is installed through the app's own banner and the new version starts.
# Needs root or passwordless sudo (dpkg); without either it says so and skips step 2.
set -euo pipefail
if [ -z "${ROOT:-}" ]; then
  source "$(dirname "$0")/setup.sh"
  setup_all
  install_tauri_driver
fi
cd "$ROOT"

say "release config lint"
node --test --test-reporter=spec tests/release/

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo"; else
    say "SKIP the .deb install-and-update test: it needs root or passwordless sudo to run dpkg"
    exit 0
  fi
fi

# the Debian package is named after productName in kebab case; the binary is /usr/bin/shopdesk
PKG=shop-desk
WORK="$(mktemp -d -t shopdesk-release-XXXXXX)"
cleanup() {
  pkill -f '^/usr/bin/shopdesk( |$)' 2>/dev/null || true
  $SUDO dpkg -r "$PKG" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

OLD="$(node -p 'require("./src-tauri/tauri.conf.json").version')"
NEW="$(node -p 'const [a,b,c]=process.argv[1].split(".").map(Number); `${a}.${b}.${c+1}`' "$OLD")"
PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"

say "throwaway signing key; update server 127.0.0.1:$PORT; $OLD -> $NEW"
tauri signer generate -w "$WORK/key" -p "" --ci >/dev/null
export TAURI_SIGNING_PRIVATE_KEY="$WORK/key" TAURI_SIGNING_PRIVATE_KEY_PASSWORD=""
for v in "$OLD" "$NEW"; do
  node -e '
    const [file, version, pubkey, port] = process.argv.slice(1);
    require("fs").writeFileSync(file, JSON.stringify({ version, plugins: { updater: {
      pubkey, endpoints: [`http://127.0.0.1:${port}/latest.json`], dangerousInsecureTransportProtocol: true } } }));
  ' "$WORK/config-$v.json" "$v" "$(cat "$WORK/key.pub")" "$PORT"
done

DEBS="${CARGO_TARGET_DIR}/release/bundle/deb"
build_deb() { # version
  rm -f "$DEBS"/*.deb "$DEBS"/*.deb.sig
  tauri build --bundles deb --config "$WORK/config-$1.json"
  mkdir -p "$WORK/$1"
  cp "$DEBS/ShopDesk_$1_amd64.deb" "$DEBS/ShopDesk_$1_amd64.deb.sig" "$WORK/$1/"
}
say "building the release .deb $OLD"
build_deb "$OLD"
say "building the release .deb $NEW"
build_deb "$NEW"

DEB_MB="$(node -p '(require("fs").statSync(process.argv[1]).size/1048576).toFixed(2)' "$WORK/$NEW/ShopDesk_${NEW}_amd64.deb")"
say "the .deb is $DEB_MB MB (goal ≤ 12)"

say "installing ShopDesk $OLD with dpkg"
$SUDO dpkg -r "$PKG" >/dev/null 2>&1 || true
$SUDO dpkg -i "$WORK/$OLD/ShopDesk_${OLD}_amd64.deb"

export SHOPDESK_APP=/usr/bin/shopdesk SHOPDESK_DEB_PACKAGE="$PKG" SHOPDESK_UPDATE_PORT="$PORT" SHOPDESK_OLD="$OLD" SHOPDESK_NEW="$NEW"
export SHOPDESK_NEW_DEB="$WORK/$NEW/ShopDesk_${NEW}_amd64.deb" SHOPDESK_DEB_MB="$DEB_MB"
.ci/desktop-session.sh --xvfb -- bash -c '
  PORT="${SHOPDESK_WD_PORT:-4444}"
  tauri-driver --port "$PORT" --native-port $((PORT + 1)) >"$SHOPDESK_SESSION_DIR/tauri-driver.log" 2>&1 &
  DRIVER=$!
  trap "kill $DRIVER 2>/dev/null || true" EXIT
  for _ in $(seq 1 100); do (echo >/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break; sleep 0.1; done
  export SHOPDESK_WD_PORT="$PORT"
  node --test --test-concurrency=1 --test-reporter=spec tests/release-install/
'
