#!/bin/sh
# check-locale.sh — the installed-language path works end to end: with
# LANGUAGE=es the built program finds its catalogue and speaks Spanish.
#
# Copyright 2026 The Pipedeck authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   check-locale.sh PIPEDECK EXPECTED_TEXT
set -u
out=$(LANGUAGE=es LC_ALL=C.UTF-8 "$1" --help 2>&1)
if printf '%s\n' "$out" | grep -qF -- "$2"; then
  echo "ok: pipedeck --help shows “$2” with LANGUAGE=es"
  exit 0
fi
echo "not ok: “$2” not found in the output of LANGUAGE=es pipedeck --help:"
printf '%s\n' "$out" | sed 's/^/  /'
exit 1
