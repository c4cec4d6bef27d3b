#!/usr/bin/env bash
# Runs a command inside a private desktop session: fresh XDG dirs in a temp folder, a private D-Bus session
# bus with an unlocked gnome-keyring (a real Secret Service, so keyring code runs for real) and, with
# --xvfb, an X server. Usage: desktop-session.sh [--xvfb] -- command args...
set -euo pipefail

XVFB=0
while [ $# -gt 0 ]; do
  case "$1" in
    --xvfb) XVFB=1; shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done

if [ -z "${SHOPDESK_IN_SESSION:-}" ]; then
  TMP="$(mktemp -d -t shopdesk-session-XXXXXX)"
  mkdir -p "$TMP/data" "$TMP/config" "$TMP/cache" "$TMP/run"
  chmod 700 "$TMP/run"
  export XDG_DATA_HOME="$TMP/data" XDG_CONFIG_HOME="$TMP/config" XDG_CACHE_HOME="$TMP/cache" XDG_RUNTIME_DIR="$TMP/run"
  export SHOPDESK_SESSION_DIR="$TMP"
  XPID=""
  cleanup() {
    [ -n "$XPID" ] && kill "$XPID" 2>/dev/null || true
    rm -rf "$TMP"
  }
  trap cleanup EXIT
  if [ "$XVFB" = 1 ]; then
    for n in $(seq 90 140); do [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { DISP=":$n"; break; }; done
    Xvfb "$DISP" -screen 0 1440x900x24 -nolisten tcp >"$TMP/xvfb.log" 2>&1 &
    XPID=$!
    export DISPLAY="$DISP"
    for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X${DISP#:}" ] && break; sleep 0.1; done
  fi
  SHOPDESK_IN_SESSION=1 dbus-run-session -- "$0" -- "$@"
  exit $?
fi

# Inside the private bus: unlock a fresh login keyring (empty data dir → no prompt) and wait for it.
before="$(pgrep -x gnome-keyring-d 2>/dev/null | sort || true)"
eval "$(printf 'shopdesk-test' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
export GNOME_KEYRING_CONTROL
for _ in $(seq 1 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; then
    break
  fi
  sleep 0.1
done
set +e
"$@"
rc=$?
# the daemon can outlive the bus: stop the one this session started (only ours: another session running
# at the same time has its own daemon, found by its runtime dir, and keeps it)
for pid in $(comm -13 <(echo "$before") <(pgrep -x gnome-keyring-d 2>/dev/null | sort || true)); do
  if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qxF "XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR"; then
    kill "$pid" 2>/dev/null || true
  fi
done
exit $rc
