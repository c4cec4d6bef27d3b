#!/usr/bin/env bash
# npm start: install what is missing, then open ShopDesk (the demo workspace when no account is connected).
set -euo pipefail
source "$(dirname "$0")/setup.sh"
setup_all
cd "$ROOT"
say "building and opening ShopDesk"
exec tauri dev
