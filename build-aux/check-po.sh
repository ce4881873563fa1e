#!/bin/bash
# check-po.sh — keeps the translations honest.
#
# Copyright 2026 The Pipedeck authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   check-po.sh potfiles SOURCE_ROOT
#     po/POTFILES.in is sorted, names only files that exist, and lists every
#     source, UI or data file that has translatable strings.
#   check-po.sh translations SOURCE_ROOT
#     extracts the strings of POTFILES.in afresh, merges each language of
#     po/LINGUAS with them, and fails when a message is untranslated or fuzzy
#     (a stale .po shows here, not only in the running app).
set -u

mode=${1:?usage: check-po.sh potfiles|translations SOURCE_ROOT}
root=$(cd "${2:?usage: check-po.sh potfiles|translations SOURCE_ROOT}" && pwd)
potfiles=$root/po/POTFILES.in
status=0

listed_files () {
  grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$potfiles" | sed 's/[[:space:]]*$//'
}

# Files that need to be in POTFILES.in: C files calling a gettext macro, UI
# files with translatable properties, and the desktop, metainfo and schema
# sources that i18n.merge_file or the gschema ITS rules translate.
translatable_files () {
  (
    cd "$root" || exit 1
    for dir in src resources; do
      [ -d "$dir" ] || continue
      grep -rlE --include='*.c' --include='*.h' \
        '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|g_dngettext|g_dpgettext2|ngettext)[[:space:]]*\(' "$dir"
      grep -rlE --include='*.ui' --include='*.blp' 'translatable="(yes|true)"' "$dir"
    done
    if [ -d data ]; then
      find data -maxdepth 1 -type f \( -name '*.desktop.in*' -o -name '*.metainfo.xml.in*' \
                                      -o -name '*.gschema.xml*' \)
    fi
  ) | LC_ALL=C sort -u
}

check_potfiles () {
  local missing

  if ! listed_files | LC_ALL=C sort -c 2>/dev/null; then
    echo "not ok: po/POTFILES.in is not sorted (LC_ALL=C sort):"
    diff <(listed_files) <(listed_files | LC_ALL=C sort) | sed 's/^/  /'
    status=1
  fi
  while read -r f; do
    if [ ! -f "$root/$f" ]; then
      echo "not ok: po/POTFILES.in names $f, which does not exist"
      status=1
    fi
  done < <(listed_files)
  missing=$(LC_ALL=C comm -23 <(translatable_files) <(listed_files | LC_ALL=C sort -u))
  if [ -n "$missing" ]; then
    echo "not ok: files with translatable strings missing from po/POTFILES.in:"
    echo "$missing" | sed 's/^/  /'
    status=1
  fi
  [ $status -eq 0 ] && echo "ok: po/POTFILES.in is sorted and lists all $(listed_files | wc -l) files with translatable strings"
}

check_translations () {
  local tmp lang stats

  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' RETURN
  if ! xgettext --package-name=pipedeck -f "$potfiles" -D "$root" -o "$tmp/pipedeck.pot" \
         --from-code=UTF-8 --add-comments -k_ -kN_ -kC_:1c,2 -kNC_:1c,2 \
         -kg_dcgettext:2 -kg_dngettext:2,3 -kg_dpgettext2:2c,3 2>"$tmp/xgettext.err"; then
    echo "not ok: xgettext failed:"
    sed 's/^/  /' "$tmp/xgettext.err"
    status=1
    return
  fi
  while read -r lang; do
    case "$lang" in ''|'#'*) continue ;; esac
    if [ ! -f "$root/po/$lang.po" ]; then
      echo "not ok: po/LINGUAS names $lang but po/$lang.po does not exist"
      status=1
      continue
    fi
    if ! msgfmt --check -o /dev/null "$root/po/$lang.po" 2>"$tmp/check.err"; then
      echo "not ok: msgfmt --check po/$lang.po:"
      sed 's/^/  /' "$tmp/check.err"
      status=1
      continue
    fi
    msgmerge --quiet --no-fuzzy-matching -o "$tmp/$lang.po" "$root/po/$lang.po" "$tmp/pipedeck.pot"
    stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
    if echo "$stats" | grep -qE 'untranslated|fuzzy'; then
      echo "not ok: po/$lang.po against the current sources: $stats"
      msgattrib --untranslated "$tmp/$lang.po" | grep '^msgid ' | tail -n +2 | sed 's/^/  untranslated: /'
      msgattrib --only-fuzzy "$tmp/$lang.po" | grep '^msgid ' | tail -n +2 | sed 's/^/  fuzzy: /'
      status=1
    else
      echo "ok: po/$lang.po: $stats"
    fi
  done < "$root/po/LINGUAS"
}

case "$mode" in
  potfiles) check_potfiles ;;
  translations) check_translations ;;
  *) echo "unknown mode $mode" >&2; exit 2 ;;
esac
exit $status
