#!/bin/bash
# fuzz.sh — build every libFuzzer target of tests/fuzz with clang and run each
# for a bounded time on its seed corpus.
#
# Copyright 2026 The Pipedeck authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   fuzz.sh BUILD_DIR [SECONDS_PER_TARGET]
#
# Targets are discovered from the build (`meson introspect --targets`, every
# executable defined in tests/fuzz/), so a new target needs no change here.
# The whole tree is compiled with -fsanitize=fuzzer-no-link and ASan + UBSan,
# so the fuzzers see coverage of the library code, not only of the target.
# Seed corpora are read from tests/fuzz/corpus/<target>/ and never written:
# new inputs go to a scratch copy. Exit status: 0 when every target ran its
# time with no crash, leak, timeout or sanitizer report (or when there is no
# target yet but the fuzzing build configures and builds); 1 otherwise.
set -uo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${1:?usage: fuzz.sh BUILD_DIR [SECONDS]}
SECONDS_PER_TARGET=${2:-30}

if ! command -v clang >/dev/null; then
  echo "not ok: clang is not installed (apt install clang libclang-rt-14-dev)"
  exit 1
fi

rm -rf "$BUILD"
mkdir -p "$(dirname "$BUILD")"
if ! CC=clang meson setup "$BUILD" "$SRC" -Dfuzzing=true --buildtype=debug \
       -Db_sanitize=address,undefined -Db_lundef=false \
       -Dc_args=-fsanitize=fuzzer-no-link >"$BUILD.setup.log" 2>&1; then
  cat "$BUILD.setup.log"
  echo "not ok: the fuzzing build does not configure"
  exit 1
fi

mapfile -t targets < <(meson introspect --targets "$BUILD" | /usr/bin/python3 -c '
import json, os, sys
src = os.path.realpath(sys.argv[1])
for t in json.load(sys.stdin):
    where = os.path.relpath(os.path.realpath(t["defined_in"]), src)
    if t["type"] == "executable" and where.startswith("tests/fuzz/"):
        for f in t["filename"]:
            print(t["name"] + "\t" + os.path.relpath(f, os.path.realpath(sys.argv[2])))
' "$SRC" "$BUILD")

if [ ${#targets[@]} -eq 0 ]; then
  # Nothing to fuzz yet; still prove that the fuzzing configuration builds the
  # AWS library, which the targets link.
  if ! ninja -C "$BUILD" -j 2 src/aws/libpd-aws.a >"$BUILD.build.log" 2>&1; then
    tail -n 40 "$BUILD.build.log"
    echo "not ok: the fuzzing build fails"
    exit 1
  fi
  echo "fuzz: no targets in tests/fuzz yet; the fuzzing build is fine"
  exit 0
fi

outputs=()
for t in "${targets[@]}"; do
  outputs+=("${t#*$'\t'}")
done
if ! ninja -C "$BUILD" -j 2 "${outputs[@]}" >"$BUILD.build.log" 2>&1; then
  tail -n 40 "$BUILD.build.log"
  echo "not ok: the fuzz targets do not build"
  exit 1
fi

# Two fuzzers at a time, one per core.
fuzz_one () {
  local t=$1 name exe seeds work artifacts corpus rc runs
  name=${t%%$'\t'*}
  exe=$BUILD/${t#*$'\t'}
  seeds=$SRC/tests/fuzz/corpus/$name
  work=$BUILD/corpus-work/$name
  artifacts=$BUILD/artifacts/$name
  mkdir -p "$work" "$artifacts"
  corpus=("$work")
  if [ -d "$seeds" ]; then
    corpus+=("$seeds")
  else
    echo "fuzz: $name has no seed corpus in tests/fuzz/corpus/$name" >"$BUILD/$name.result"
  fi
  ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    timeout $((SECONDS_PER_TARGET + 120)) "$exe" \
      -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/" \
      "${corpus[@]}" >"$BUILD/$name.log" 2>&1 </dev/null
  rc=$?
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$BUILD/$name.log" | grep -oE '[0-9]+$')
  if [ $rc -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$BUILD/$name.log"; then
    {
      echo "not ok: fuzz $name (exit $rc); log $BUILD/$name.log, inputs in $artifacts"
      grep -E 'ERROR:|runtime error:|SUMMARY:' "$BUILD/$name.log" | head -n 5
    } >>"$BUILD/$name.result"
    return 1
  fi
  echo "ok: fuzz $name ran ${runs:-?} inputs in ${SECONDS_PER_TARGET}s" >>"$BUILD/$name.result"
}

status=0
pids=()
names=()
for t in "${targets[@]}"; do
  if [ ${#pids[@]} -ge 2 ]; then
    wait "${pids[0]}" || status=1
    cat "$BUILD/${names[0]}.result"
    pids=("${pids[@]:1}")
    names=("${names[@]:1}")
  fi
  name=${t%%$'\t'*}
  rm -f "$BUILD/$name.result"
  fuzz_one "$t" &
  pids+=($!)
  names+=("$name")
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || status=1
  cat "$BUILD/${names[$i]}.result"
done
exit $status
