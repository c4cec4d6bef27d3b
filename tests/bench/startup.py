#!/usr/bin/env python3
"""Startup benchmark: cold start (spawn → UI rendered, median of N) and idle PSS of an app and its WebKit
processes, against an empty Tauri window measured in the same run; then first rows (spawn → the landing
page's data painted: the Home page's figures, median of N) when the app starts with its local stores filled
and no vendor can answer for FIRST_ROWS_LATENCY_MS. Run inside an X session (.ci/bench.sh).

Prints: bench startup cold_start_ms=<median> pss_mb=<app> baseline_pss_mb=<empty> ratio=<pss/baseline>
        first_rows_ms=<median> first_rows_goal_ms=700 vendor_latency_ms=<latency>
"""
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
IDLE_SECONDS = float(os.environ.get("BENCH_IDLE_SECONDS", "4"))
# every demo vendor answer is held this long in the first-rows runs: rows painted sooner came from SQLite
FIRST_ROWS_LATENCY_MS = int(os.environ.get("BENCH_FIRST_ROWS_LATENCY_MS", "3000"))


def children(pid):
    out = [pid]
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                out.extend(children(int(p)))
        except (OSError, IndexError, ValueError):
            pass
    return out


def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_once(binary, measure_memory, marker=b"SHOPDESK_READY", extra_env=None, linger=0.0):
    home = tempfile.mkdtemp(prefix="shopdesk-bench-")
    env = dict(os.environ, SHOPDESK_BENCH="1", XDG_DATA_HOME=f"{home}/data", XDG_CONFIG_HOME=f"{home}/config",
               XDG_CACHE_HOME=f"{home}/cache", **(extra_env or {}))
    t0 = time.monotonic()
    proc = subprocess.Popen([binary], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    ready_ms = None
    buf = b""
    deadline = t0 + 30
    while time.monotonic() < deadline and ready_ms is None:
        r, _, _ = select.select([proc.stdout], [], [], 0.5)
        if r:
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                break
            buf += chunk
            if marker in buf:
                ready_ms = (time.monotonic() - t0) * 1000
    pss = None
    if ready_ms is not None and measure_memory:
        time.sleep(IDLE_SECONDS)
        pss = sum(pss_kb(p) for p in children(proc.pid)) / 1024
    if linger:
        time.sleep(linger)
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
    shutil.rmtree(home, ignore_errors=True)
    if ready_ms is None:
        sys.exit(f"{binary} did not print {marker.decode()} within 30 s")
    return ready_ms, pss


def main():
    app, empty = sys.argv[1], sys.argv[2]
    run_once(app, False)  # warm the page cache: "cold" means a fresh process, not a cold disk
    starts, pss = [], []
    for _ in range(RUNS):
        ms, mem = run_once(app, True)
        starts.append(ms)
        pss.append(mem)
    base = [run_once(empty, True)[1] for _ in range(3)]
    app_pss = statistics.median(pss)
    base_pss = statistics.median(base)
    # first rows from a filled cache: one launch fills the demo's stock cache (its start-up sync), then
    # each timed launch opens it while every vendor answer is held back
    cache = tempfile.mkdtemp(prefix="shopdesk-bench-cache-")
    run_once(app, False, b"SHOPDESK_FIRST_ROWS", {"SHOPDESK_BENCH_DEMO_DIR": cache}, linger=IDLE_SECONDS)
    firsts = [run_once(app, False, b"SHOPDESK_FIRST_ROWS",
                       {"SHOPDESK_BENCH_DEMO_DIR": cache,
                        "SHOPDESK_BENCH_DEMO_LATENCY_MS": str(FIRST_ROWS_LATENCY_MS)})[0]
              for _ in range(RUNS)]
    shutil.rmtree(cache, ignore_errors=True)
    print(f"bench startup cold_start_ms={statistics.median(starts):.0f} pss_mb={app_pss:.0f} "
          f"baseline_pss_mb={base_pss:.0f} ratio={app_pss / base_pss:.2f} "
          f"first_rows_ms={statistics.median(firsts):.0f} first_rows_goal_ms=700 "
          f"vendor_latency_ms={FIRST_ROWS_LATENCY_MS}")


if __name__ == "__main__":
    main()
