#!/bin/bash
# bench-pipeline-start.sh — cold start to a painted todo-list-aws graph.
#
# Copyright 2026 The Pipedeck authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   bench/bench-pipeline-start.sh BUILD_DIR [RUNS]
#
# Starts an external pipedeck-sandbox on loopback, points Pipedeck at it
# through the SDK environment variables, and times
#   pipedeck --view=pipeline:todo-list-aws --screenshot=FILE
# (process start to the graph painted with its data, then written out)
# against one `aws codepipeline get-pipeline-state --name todo-list-aws` of
# Debian's awscli on the same sandbox, in the same run. It prints the best
# of RUNS of each and their ratio; the target is a ratio below 1.
# The app renders with GSK_RENDERER=cairo (llvmpipe's GL start-up is not
# what this measures) under Xvfb and a private session bus.
set -eu

build=${1:?usage: bench-pipeline-start.sh BUILD_DIR [RUNS]}
runs=${2:-5}
aws=${PD_AWSCLI:-aws}

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
export AWS_REGION=$AWS_DEFAULT_REGION AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null

cat >"$tmp/inner.sh" <<'INNER'
set -eu
build=$1 runs=$2 aws=$3 tmp=$4
now () { date +%s%N; }
best_app= best_cli=
for i in $(seq "$runs"); do
  t0=$(now)
  env GSK_RENDERER=cairo GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" \
    "$build/src/pipedeck" --view=pipeline:todo-list-aws --screenshot="$tmp/shot-$i.png" \
    >/dev/null 2>"$tmp/app.err"
  t1=$(now)
  "$aws" --endpoint-url "$AWS_ENDPOINT_URL" codepipeline get-pipeline-state \
    --name todo-list-aws >/dev/null
  t2=$(now)
  app=$(( (t1 - t0) / 1000 )) cli=$(( (t2 - t1) / 1000 ))
  [ -z "$best_app" ] || [ "$app" -lt "$best_app" ] && best_app=$app
  [ -z "$best_cli" ] || [ "$cli" -lt "$best_cli" ] && best_cli=$cli
  [ -s "$tmp/shot-$i.png" ] || { echo "no screenshot written" >&2; cat "$tmp/app.err" >&2; exit 1; }
done
awk -v a="$best_app" -v c="$best_cli" -v n="$runs" 'BEGIN {
  printf "cold start to painted graph (GSK_RENDERER=cairo): %8.1f ms (best of %d)\n", a / 1000, n
  printf "aws codepipeline get-pipeline-state:              %8.1f ms (best of %d)\n", c / 1000, n
  printf "ratio app / awscli:                               %8.2f (target < 1)\n", a / c
}'
INNER

xvfb-run -a -s '-screen 0 1280x1024x24 -nolisten tcp' \
  dbus-run-session -- bash "$tmp/inner.sh" "$build" "$runs" "$aws" "$tmp" 2> >(grep -v dbus-daemon >&2)
