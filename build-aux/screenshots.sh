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
set -euo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${1:-$SRC/_build}
OUT=$SRC/data/screenshots

SHOTS=(
  "main-window.png|light|--view=home"
  "main-window-dark.png|dark|--view=home"
  "pipeline.png|light|--sandbox --view=pipeline:todo-list-aws"
  "pipeline-dark.png|dark|--sandbox --view=pipeline:todo-list-aws"
)

if [ ! -f "$BUILD/build.ninja" ]; then
  meson setup "$BUILD" "$SRC"
fi
ninja -C "$BUILD" -j2 src/pipedeck data/gschemas.compiled po/es/LC_MESSAGES/pipedeck.mo >/dev/null

TMPHOME=$(mktemp -d)
trap 'rm -rf "$TMPHOME"' EXIT
mkdir -p "$OUT" "$TMPHOME/run"
chmod 700 "$TMPHOME/run"

for shot in "${SHOTS[@]}"; do
  IFS='|' read -r file style args <<<"$shot"
  case "$style" in
    dark) scheme=prefer-dark ;;
    *) scheme=prefer-light ;;
  esac
  # shellcheck disable=SC2086 # the arguments are split on purpose
  env -u WAYLAND_DISPLAY HOME="$TMPHOME" XDG_CACHE_HOME="$TMPHOME/.cache" \
      XDG_CONFIG_HOME="$TMPHOME/.config" XDG_RUNTIME_DIR="$TMPHOME/run" \
      LANGUAGE=en GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$BUILD/data" \
      GSK_RENDERER=cairo GTK_A11Y=none ADW_DEBUG_COLOR_SCHEME="$scheme" \
      MESA_SHADER_CACHE_DISABLE=true \
    xvfb-run -a -s '-screen 0 1280x1024x24 -nolisten tcp' \
      dbus-run-session -- timeout 60 "$BUILD/src/pipedeck" $args --screenshot="$OUT/$file"
  echo "wrote data/screenshots/$file"
done
