#!/usr/bin/env bash
# npm test: install what is missing, then run every suite. Each suite prints its counts; a summary at the end;
# exits non-zero when any suite fails.
set -uo pipefail
source "$(dirname "$0")/setup.sh"
set +e
setup_all || exit 1
install_tauri_driver || exit 1
cd "$ROOT"

LOG="$(mktemp -d -t shopdesk-test-XXXXXX)"
declare -a NAMES RESULTS
FAILED=0
T0=$(date +%s)

run() { # run NAME COUNTER -- command...
  local name="$1" counter="$2"; shift 3
  say "$name"
  local t0; t0=$(date +%s)
  "$@" 2>&1 | tee "$LOG/$name.log"
  local rc=${PIPESTATUS[0]}
  local counts; counts="$($counter "$LOG/$name.log")"
  local secs=$(( $(date +%s) - t0 ))
  NAMES+=("$name")
  if [ "$rc" -eq 0 ]; then RESULTS+=("ok    ${secs}s  $counts"); else RESULTS+=("FAIL  ${secs}s  $counts"); FAILED=1; fi
  return $rc
}

count_none() { echo ""; }
count_cargo() { awk '/^test result:/ { p+=$4; f+=$6; i+=$8 } END { printf "%d passed, %d failed, %d ignored", p, f, i }' "$1"; }
count_clippy() { printf "%s warnings/errors" "$(grep -cE '^(warning|error)(\[|:)' "$1")"; }
count_eslint() { grep -qE '✖ [0-9]+ problem' "$1" && grep -oE '✖ [0-9]+ problems?' "$1" | tail -1 || echo "0 problems"; }
plain() { sed 's/\x1b\[[0-9;]*m//g' "$1"; }
count_vitest() { plain "$1" | grep -E '^\s+Tests\s' | tail -1 | sed 's/^ *//; s/ *(.*//'; }
# summed over every node run in the log (E2E runs one per spec file); cancelled tests count as failed
count_node() {
  awk '/^ℹ (pass|fail|cancelled|skipped) / { n[$2] += $3 }
       END { printf "%d pass  %d fail  %d skipped", n["pass"], n["fail"] + n["cancelled"], n["skipped"] }' "$1"
}

run fmt count_none -- cargo fmt --all -- --check
run clippy count_clippy -- cargo clippy --workspace --all-targets --locked -- -D warnings
# the keyring integration tests need a real Secret Service: run the whole suite in a private session
run cargo-test count_cargo -- .ci/desktop-session.sh -- cargo test --workspace --locked --no-fail-fast
run tsc count_none -- npm run -s typecheck -w ui
run eslint count_eslint -- npm run -s lint -w ui
run vitest count_vitest -- npm run -s test -w ui
# `cargo test` rebuilt the app without the production feature: build it again right before E2E. The
# end-to-end suite drives the release configuration (what users install), with the test seams built in.
if run build-app count_none -- bash -c "tauri build --no-bundle --features test-seams && cargo build -p sandbox --bin shopdesk-sandbox --locked"; then
  run e2e count_node -- .ci/desktop-session.sh --xvfb -- .ci/e2e.sh
else
  NAMES+=("e2e"); RESULTS+=("SKIP  (the app did not build)"); FAILED=1
fi
# the release configuration as users get it: workflow/config lint, then the .deb built, installed with
# dpkg and updated through its own UI from 127.0.0.1 (also `npm run test:release`)
run release count_node -- .ci/release-test.sh

echo
say "summary ($(( $(date +%s) - T0 ))s)"
for i in "${!NAMES[@]}"; do printf '  %-11s %s\n' "${NAMES[$i]}" "${RESULTS[$i]}"; done
# a failed node suite's own account of each failure, after the summary where a short log tail still shows it
for name in e2e release; do
  [ -f "$LOG/$name.log" ] && plain "$LOG/$name.log" | grep -q '^✖ failing tests:' || continue
  echo
  say "$name: failing tests"
  # each node run's "failing tests" section, up to its own summary
  plain "$LOG/$name.log" | sed -n '/^✖ failing tests:/,/^ℹ tests /p' | grep -vE '^\s+at |dbus-daemon|^ℹ tests ' | head -150
done
rm -rf "$LOG"
exit $FAILED
