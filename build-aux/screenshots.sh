#!/bin/bash
# screenshots.sh — refresh the AppStream and README screenshots in data/screenshots/.
#
# Copyright 2026 The Pipedeck authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Renders each view headless (Xvfb, a private session bus, the cairo renderer so
# the pixels do not depend on the GPU) with `pipedeck --screenshot`, which draws
# the window through GTK itself once the view has its data.
#
#   build-aux/screenshots.sh [BUILD_DIR]       (default: _build, configured if missing)
#
# To add a view, add a line to SHOTS below: "file-name.png|style|pipedeck arguments".
# Style is light or dark. Views that need data run on the sandbox, for example
#   "pipeline.png|light|--sandbox --view=pipeline:todo-list-aws"
#
# The pipeline shots (RUN_SHOTS) show todo-list-aws mid-run: an external
# pipedeck-sandbox (port 0, RUN_SPEED, RUN_SEED) gets a StartPipelineExecution
# from pipedeck-aws, the script waits until the Test stage runs with Source
# and Build done, and pipedeck opens the account of the SDK environment
# variables that point at that sandbox. Seed 18 makes the newest seeded run
# fail its unit tests and the started run (run 21) go through; at speed 2 the
# Test stage runs for about half a minute of wall time, long enough for both
# shots, and the script fails if the stage is no longer running after a shot.
set -euo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${1:-$SRC/_build}
OUT=$SRC/data/screenshots

SHOTS=(
  "main-window.png|light|--view=home"
  "main-window-dark.png|dark|--view=home"
)
RUN_SHOTS=(
  "pipeline.png|light|--view=pipeline:todo-list-aws"
  "pipeline-dark.png|dark|--view=pipeline:todo-list-aws"
  "failed-log.png|light|--view=logs:todo-list-authorizer/latest/Deploy"
)
RUN_SPEED=2
RUN_SEED=18
RUN_TIMEOUT=120
# A common laptop window: the graph fits it whole, beside the list of
# executions (data/*.metainfo.xml.in.in states this size).
RUN_WINDOW_WIDTH=1280
RUN_WINDOW_HEIGHT=800

if [ ! -f "$BUILD/build.ninja" ]; then
  meson setup "$BUILD" "$SRC"
fi
ninja -C "$BUILD" -j2 src/pipedeck src/sandbox/pipedeck-sandbox src/tools/pipedeck-aws \
  data/gschemas.compiled po/es/LC_MESSAGES/pipedeck.mo >/dev/null

TMPHOME=$(mktemp -d)
SANDBOX_PID=
cleanup () {
  if [ -n "$SANDBOX_PID" ]; then
    kill "$SANDBOX_PID" 2>/dev/null || true
    wait "$SANDBOX_PID" 2>/dev/null || true
  fi
  rm -rf "$TMPHOME"
}
trap cleanup EXIT
mkdir -p "$OUT" "$TMPHOME/run"
chmod 700 "$TMPHOME/run"

# shoot FILE STYLE ARGS [VAR=value...]: one screenshot, with the extra
# environment given. SCREEN is the Xvfb screen, which bounds the window.
SCREEN=1280x1024x24
shoot () {
  local file=$1 style=$2 args=$3 scheme
  shift 3
  case "$style" in
    dark) scheme=prefer-dark ;;
    *) scheme=prefer-light ;;
  esac
  # shellcheck disable=SC2086 # the arguments are split on purpose
  env -u WAYLAND_DISPLAY HOME="$TMPHOME" XDG_CACHE_HOME="$TMPHOME/.cache" \
      XDG_CONFIG_HOME="$TMPHOME/.config" XDG_RUNTIME_DIR="$TMPHOME/run" \
      LANGUAGE=en GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$BUILD/data" \
      GSK_RENDERER=cairo GTK_A11Y=none ADW_DEBUG_COLOR_SCHEME="$scheme" \
      MESA_SHADER_CACHE_DISABLE=true "$@" \
    xvfb-run -a -s "-screen 0 $SCREEN -nolisten tcp" \
      dbus-run-session -- timeout 60 "$BUILD/src/pipedeck" $args --screenshot="$OUT/$file"
  echo "wrote data/screenshots/$file"
}

for shot in "${SHOTS[@]}"; do
  IFS='|' read -r file style args <<<"$shot"
  shoot "$file" "$style" "$args"
done

# The mid-run shots. The sandbox's KEY=value lines give the SDK environment
# (its key pair is random for each run and lives only in this process tree).
"$BUILD/src/sandbox/pipedeck-sandbox" --port 0 --speed "$RUN_SPEED" --seed "$RUN_SEED" \
  >"$TMPHOME/sandbox.env" 2>"$TMPHOME/sandbox.log" &
SANDBOX_PID=$!
for _ in $(seq 100); do
  grep -q '^PD_SANDBOX_ACCOUNT_ID=' "$TMPHOME/sandbox.env" && break
  kill -0 "$SANDBOX_PID" 2>/dev/null || { cat "$TMPHOME/sandbox.log" >&2; exit 1; }
  sleep 0.1
done
mapfile -t SANDBOX_ENV < <(grep -E '^(AWS_[A-Z_]+|PD_SANDBOX_ACCOUNT_ID)=' "$TMPHOME/sandbox.env")
[ "${#SANDBOX_ENV[@]}" -ge 4 ] || { echo "the sandbox printed no environment" >&2; exit 1; }

aws_call () {
  env "${SANDBOX_ENV[@]}" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    "$BUILD/src/tools/pipedeck-aws" codepipeline "$@"
}

# Stage:status for every stage of todo-list-aws's latest execution, e.g.
# "Source:Succeeded Build:Succeeded Test:InProgress".
run_state () {
  aws_call GetPipelineState '{"name":"todo-list-aws"}' | /usr/bin/python3 -c '
import json, sys
state = json.load(sys.stdin)
print(" ".join("%s:%s" % (s["stageName"], s.get("latestExecution", {}).get("status", "-"))
               for s in state["stageStates"]))'
}

mid_run () {
  case "$(run_state)" in
    "Source:Succeeded Build:Succeeded Test:InProgress "*) return 0 ;;
    *) return 1 ;;
  esac
}

aws_call StartPipelineExecution '{"name":"todo-list-aws","clientRequestToken":"screenshots"}' \
  >/dev/null
deadline=$((SECONDS + RUN_TIMEOUT))
until mid_run; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "todo-list-aws did not reach its Test stage: $(run_state)" >&2
    exit 1
  fi
  sleep 0.5
done
# A few seconds into the stage, so that its builds show how long they run.
sleep 2

# The window size comes from the settings: a key file in the throw-away home.
mkdir -p "$TMPHOME/.config/glib-2.0/settings"
cat >"$TMPHOME/.config/glib-2.0/settings/keyfile" <<EOF
[io/github/pipedeck/Pipedeck]
window-width=$RUN_WINDOW_WIDTH
window-height=$RUN_WINDOW_HEIGHT
EOF
SCREEN=1920x1080x24

for shot in "${RUN_SHOTS[@]}"; do
  IFS='|' read -r file style args <<<"$shot"
  shoot "$file" "$style" "$args" "${SANDBOX_ENV[@]}" GSETTINGS_BACKEND=keyfile
  if ! mid_run; then
    echo "the run left its Test stage during the shot of $file: $(run_state)" >&2
    exit 1
  fi
done
