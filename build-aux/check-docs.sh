#!/bin/bash
# check-docs.sh — the README and src/DESIGN.md describe the tree as it is.
#
# Copyright 2026 The Pipedeck authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   check-docs.sh SOURCE_ROOT
#
# Fails when the README's coverage floor differs from the one the test command
# enforces, when .ci/run stops calling the test command, when a top-level or
# src/ folder is missing from the README layout or from src/DESIGN.md, or
# when either names a folder that does not exist.
set -u
root=$(cd "${1:?usage: check-docs.sh SOURCE_ROOT}" && pwd)
readme=$root/README.md
design=$root/src/DESIGN.md
status=0

fail () {
  echo "not ok: $*"
  status=1
}

floor_script=$(sed -n 's/^COVERAGE_FLOOR=\([0-9][0-9]*\)$/\1/p' "$root/build-aux/test.sh")
floor_readme=$(grep -oE 'coverage floor: [0-9]+ ?%' "$readme" | grep -oE '[0-9]+' | head -n 1)
if [ -z "$floor_script" ] || [ "$floor_script" != "$floor_readme" ]; then
  fail "README states a coverage floor of '${floor_readme}' %, build-aux/test.sh enforces '${floor_script}' %"
fi

if ! grep -qE '^exec bash \./build-aux/test\.sh' "$root/.ci/run"; then
  fail ".ci/run does not run ./build-aux/test.sh"
fi
for cmd in ./build-aux/run.sh ./build-aux/test.sh; do
  grep -qxF "$cmd" "$readme" || fail "README does not show the command $cmd on a line of its own"
done

# Folders of the tree: the tracked ones in a git checkout, so that build and
# cache folders do not count.
top_dirs () {
  if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
    git -C "$root" ls-files --cached --others --exclude-standard | grep / | cut -d/ -f1 | LC_ALL=C sort -u
  else
    (cd "$root" && find . -mindepth 1 -maxdepth 1 -type d ! -name '.git' ! -name '_*' |
       sed 's|^\./||' | LC_ALL=C sort)
  fi
}

# The layout block: lines like "src/aws/   what it is".
layout=$(awk '/^## Layout/{f=1; next} /^## /{f=0} f && /^[A-Za-z.][A-Za-z0-9_.-]*\/[a-z0-9_\/-]* /{print $1}' "$readme")
for dir in $layout; do
  [ -d "$root/$dir" ] || fail "README layout names $dir, which does not exist"
done
while read -r dir; do
  echo "$layout" | grep -q "^$dir/" || fail "README layout has no line for $dir/"
done < <(top_dirs)
while read -r dir; do
  echo "$layout" | grep -qxF "$dir/" || fail "README layout has no line for $dir/"
  grep -qE "^## $dir( |$)" "$design" || fail "src/DESIGN.md has no section for $dir"
done < <(cd "$root" && find src -mindepth 1 -maxdepth 1 -type d | LC_ALL=C sort)
while read -r dir; do
  [ -e "$root/$dir" ] || fail "src/DESIGN.md has a section for $dir, which does not exist"
done < <(sed -n 's/^## \(src\/[a-z0-9_.-]*\).*/\1/p' "$design")

[ $status -eq 0 ] && echo "ok: README and src/DESIGN.md match the tree; coverage floor ${floor_script} %"
exit $status
