#!/bin/bash
# bench-hidden.sh — runs bench-hidden against an external pipedeck-sandbox.
#
# Copyright 2026 The Pipedeck authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   bench/bench-hidden.sh BUILD_DIR [SECONDS]
set -eu

build=${1:?usage: bench-hidden.sh BUILD_DIR [SECONDS]}
seconds=${2:-60}
tmp=$(mktemp -d)
sandbox_pid=
cleanup () {
  [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

"$build/src/sandbox/pipedeck-sandbox" --port 0 >"$tmp/sandbox.env" 2>"$tmp/sandbox.err" &
sandbox_pid=$!
for _ in $(seq 100); do
  grep -q '^PD_SANDBOX_ACCOUNT_ID=' "$tmp/sandbox.env" 2>/dev/null && break
  sleep 0.05
done
set -a
# shellcheck disable=SC1091 # written by the sandbox above
. "$tmp/sandbox.env"
set +a
export AWS_REGION=$AWS_DEFAULT_REGION

env GSK_RENDERER=cairo GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" GTK_A11Y=none \
  xvfb-run -a -s '-screen 0 1280x1024x24 -nolisten tcp' \
  dbus-run-session -- "$build/bench/bench-hidden" --seconds "$seconds" 2> >(grep -v dbus-daemon >&2)
