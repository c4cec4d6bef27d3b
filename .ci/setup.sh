#!/usr/bin/env bash
# Installs what ShopDesk needs on a Debian/Ubuntu machine, skipping what is already there:
# apt packages (when root or passwordless sudo is available; otherwise names them and stops),
# npm packages, and tauri-driver. Sourced by start.sh, test.sh and bench.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SHOPDESK_CACHE="${SHOPDESK_CACHE:-$HOME/.cache/shopdesk}"
# Kept outside the clone so a second run on the same machine is incremental.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$SHOPDESK_CACHE/target}"
export SHOPDESK_TOOLS="$SHOPDESK_CACHE/tools"
export PATH="$SHOPDESK_TOOLS/bin:$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

APT_BUILD=(build-essential pkg-config curl wget file libssl-dev libxdo-dev libwebkit2gtk-4.1-dev
  libayatana-appindicator3-dev librsvg2-dev libdbus-1-dev)
APT_RUN=(xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools webkit2gtk-driver sudo)

say() { printf '\033[1;36m==> %s\033[0m\n' "$*"; }
die() { printf '\033[1;31mxx %s\033[0m\n' "$*" >&2; exit 1; }

install_apt() {
  command -v dpkg-query >/dev/null || { say "not a Debian/Ubuntu system: install the equivalents of: ${APT_BUILD[*]} ${APT_RUN[*]}"; return; }
  local missing=()
  for p in "${APT_BUILD[@]}" "${APT_RUN[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo"; else
      die "missing system packages; install them with:
  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
    fi
  fi
  say "installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

check_toolchains() {
  command -v cargo >/dev/null || die "Rust is missing: install it with rustup (https://rustup.rs), then run this again."
  command -v node >/dev/null || die "Node.js 20 or newer is missing: install it, then run this again."
  local major; major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 20 ] || die "Node.js $major is too old: ShopDesk needs 20 or newer."
}

install_npm() {
  # `npm ci` cannot be used here: the lockfile names non-Linux CLI platform packages the registry lacks.
  local stamp="$ROOT/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$ROOT/package-lock.json" -nt "$stamp" ] || [ "$ROOT/package.json" -nt "$stamp" ] || [ "$ROOT/ui/package.json" -nt "$stamp" ]; then
    say "installing npm packages"
    (cd "$ROOT" && npm install --no-audit --no-fund --loglevel=error)
  fi
}

install_tauri_driver() {
  command -v tauri-driver >/dev/null && return
  say "installing tauri-driver (WebDriver bridge for the end-to-end tests)"
  cargo install tauri-driver --locked --version 2.1.0 --root "$SHOPDESK_TOOLS" --quiet
}

# The shared Cargo target dir hashes workspace crates by their path relative to the workspace, so a build
# from another checkout (e.g. a clean clone) can leave test binaries whose CARGO_MANIFEST_DIR points into
# that checkout. When the target dir was last used from elsewhere, rebuild this workspace's own crates
# (dependencies stay cached).
claim_target_dir() {
  local stamp="$CARGO_TARGET_DIR/.shopdesk-checkout"
  mkdir -p "$CARGO_TARGET_DIR"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" != "$ROOT" ]; then
    say "the build cache was last used by $(cat "$stamp"): rebuilding this checkout's crates"
    local names
    names=$(cd "$ROOT" && cargo metadata --no-deps --format-version 1 |
      node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).packages.map(p=>p.name).join(" ")))')
    # one package at a time: a package the cache has never built (a new crate) makes `cargo clean -p` fail,
    # and one failure must not leave the others stale
    local p
    # both profiles: the app is a release build, the tests and the simulator are dev builds
    for p in $names; do
      (cd "$ROOT" && cargo clean -p "$p" --quiet 2>/dev/null) || true
      (cd "$ROOT" && cargo clean -p "$p" --release --quiet 2>/dev/null) || true
    done
  fi
  echo "$ROOT" >"$stamp"
}

setup_all() {
  install_apt
  check_toolchains
  install_npm
  claim_target_dir
}
