#!/bin/sh
# Runs every benchmark and prints its figures. Benchmarks are never tests:
# run this on demand, on a quiet machine, and read the numbers. They are
# built in their own optimized build directory.
#
# Usage: bench/run.sh [BUILD_DIR]   (default: _build-bench, a release build)
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/_build-bench}
python=${PD_PYTHON3:-/usr/bin/python3}

[ -f "$build/build.ninja" ] || meson setup --buildtype=release "$build" "$src" >/dev/null
ninja -C "$build" -j2 bench/bench-sigv4 bench/bench-pipelines bench/bench-logs bench/bench-hidden \
  bench/bench-log-paint bench/bench-palette bench/bench-graph-fit bench/bench-db \
  bench/bench-api \
  src/pipedeck src/sandbox/pipedeck-sandbox data/gschemas.compiled >/dev/null

echo "== SigV4 signing"
"$build/bench/bench-sigv4" --botocore "$src/bench/bench-sigv4-botocore.py" --python "$python"
echo

echo "== pipedeck-sandbox: signed GetPipelineState requests per second, memory"
ninja -C "$build" -j2 bench/bench-sandbox src/sandbox/pipedeck-sandbox >/dev/null
"$build/bench/bench-sandbox" --sandbox "$build/src/sandbox/pipedeck-sandbox" --seconds 5
echo

echo "== Sandbox application services (boto3 round trips, Data API on PostgreSQL)"
"$python" "$src/bench/bench-sandbox-services.py" "$build/src/sandbox/pipedeck-sandbox"
echo
echo "== Database: schema of 300 tables, 3,000 columns, 400 foreign keys per engine; 10,000 × 20 rows"
"$build/bench/bench-db" --rounds 5
echo
echo "== Pipeline list: 100 pipelines, 50 ms latency (b), models' memory (d)"
"$build/bench/bench-pipelines" --pipelines 100 --latency 50
echo

echo "== API section: 20 REST APIs, 50 ms latency"
"$build/bench/bench-api" --apis 20 --latency 50
echo

echo "== Logs: a 1,000,000-line build log; awscli (${PD_AWS:-/usr/bin/aws}) and grep -c on the same stream and text"
"$build/bench/bench-logs" --sandbox "$build/src/sandbox/pipedeck-sandbox" --lines "${PD_LOG_LINES:-1000000}" \
  --aws "${PD_AWS:-/usr/bin/aws}"
echo

echo "== Logs: the logs view's first painted screen and main-loop stalls while a ${PD_LOG_LINES:-1000000}-line log loads"
# The session bus's chatter on stderr is dropped; the figures go to stdout.
{ env GSK_RENDERER=cairo GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" GTK_A11Y=none \
    xvfb-run -a -s '-screen 0 1280x1024x24 -nolisten tcp' dbus-run-session -- \
    "$build/bench/bench-log-paint" --sandbox "$build/src/sandbox/pipedeck-sandbox" \
    --log-lines "${PD_LOG_LINES:-1000000}" 2>&1 1>&3 | grep -v dbus-daemon >&2; } 3>&1
echo

echo "== Command palette: filtering and ranking per keystroke, 1,000 and 10,000 names; the list's frame"
"$build/bench/bench-palette" --names 1000
{ env GSK_RENDERER=cairo GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" GTK_A11Y=none \
    xvfb-run -a -s '-screen 0 1280x1024x24 -nolisten tcp' dbus-run-session -- \
    "$build/bench/bench-palette" --names 10000 --gtk 2>&1 1>&3 | grep -v dbus-daemon >&2; } 3>&1
echo

echo "== Pipelines: the zoom the graph fits at, 1 to 20 stages, at 1280×800 and the default size"
{ env GSK_RENDERER=cairo GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" GTK_A11Y=none \
    xvfb-run -a -s '-screen 0 1280x1024x24 -nolisten tcp' dbus-run-session -- \
    "$build/bench/bench-graph-fit" --sandbox "$build/src/sandbox/pipedeck-sandbox" \
    2>&1 1>&3 | grep -v dbus-daemon >&2; } 3>&1
echo

echo "== Pipelines: cold start to a painted graph, against awscli"
"$src/bench/bench-pipeline-start.sh" "$build" "${PD_BENCH_START_RUNS:-5}"
echo

# A hidden window: PD_BENCH_HIDDEN_SECONDS shortens the 60 s for a quick run.
echo "== Pipelines: a hidden window"
"$src/bench/bench-hidden.sh" "$build" "${PD_BENCH_HIDDEN_SECONDS:-60}"
echo
