#!/bin/bash
# run.sh — install what is missing, build Pipedeck and start it on the sandbox.
#
# Copyright 2026 The Pipedeck authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   ./build-aux/run.sh [pipedeck arguments]     (default: --sandbox)
#
# Runs from the build folder through `meson devenv`, which points GSettings at
# the compiled schema and gettext at the built translations: nothing is
# installed except the Debian packages the build needs.
set -euo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${PD_BUILD_DIR:-$SRC/_build}
export DEBIAN_FRONTEND=noninteractive

PKGS=(
  gcc libc6-dev meson ninja-build pkg-config libglib2.0-dev libgtk-4-dev libadwaita-1-dev
  libsoup-3.0-dev libjson-glib-dev libsecret-1-dev libssl-dev gettext desktop-file-utils
  appstream libxml2-utils dbus gnome-keyring librsvg2-common fonts-dejavu-core
  adwaita-icon-theme postgresql libpq-dev mariadb-server libmariadb-dev
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}" >&2
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -f "$BUILD/build.ninja" ]; then
  meson setup "$BUILD" "$SRC" -Ddevelopment=true
fi
ninja -C "$BUILD" -j 2

if [ $# -eq 0 ]; then
  set -- --sandbox
fi
exec meson devenv -C "$BUILD" "$BUILD/src/pipedeck" "$@"
