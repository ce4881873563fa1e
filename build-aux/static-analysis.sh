#!/bin/bash
# static-analysis.sh — cppcheck over everything in src/, zero findings allowed.
#
# Copyright 2026 The Pipedeck authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   static-analysis.sh [BUILD_DIR]   (BUILD_DIR holds config.h and generated headers)
#
# The check list is cppcheck's warning, performance, portability and style
# classes with the GTK/GLib, POSIX and GNU models, plus build-aux/cppcheck/
# pipedeck.cfg for GLib macros the shipped model lacks. Justified false
# positives live in build-aux/cppcheck/suppressions.xml; new files in src/ are
# covered with no change here.
set -uo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${1:-}
CFG=$SRC/build-aux/cppcheck

cd "$SRC" || exit 1
mapfile -t files < <(find src -name '*.c' | LC_ALL=C sort)
if [ ${#files[@]} -eq 0 ]; then
  echo "static analysis: no C files in src/" >&2
  exit 1
fi
includes=()
while read -r dir; do
  includes+=(-I "$dir")
done < <(find src -type d | LC_ALL=C sort)
if [ -n "$BUILD" ] && [ -d "$BUILD" ]; then
  includes+=(-I "$BUILD")
  while read -r dir; do
    includes+=(-I "$dir")
  done < <(find "$BUILD/src" "$BUILD/resources" -type d 2>/dev/null | LC_ALL=C sort)
fi

out=$(cppcheck --quiet -j 2 \
  --enable=warning,performance,portability \
  --std=c11 --platform=unix64 --inline-suppr \
  --library=gtk --library=posix --library=gnu --library="$CFG/pipedeck.cfg" \
  --suppress-xml="$CFG/suppressions.xml" \
  -D__GNUC__ -D__x86_64__ \
  "${includes[@]}" \
  --template='{file}:{line}: {severity} ({id}): {message}' \
  --error-exitcode=1 "${files[@]}" 2>&1)
rc=$?
if [ -n "$out" ]; then
  echo "$out"
fi
if [ $rc -ne 0 ] || [ -n "$out" ]; then
  echo "static analysis: cppcheck reported findings in src/" >&2
  exit 1
fi
echo "static analysis: cppcheck found nothing in ${#files[@]} files of src/"
