#!/usr/bin/env python3
# check-manifest.py — checks the Flatpak manifest without building it.
#
# Copyright 2026 The Pipedeck authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   check-manifest.py MANIFEST APP_ID
#
# No runtime can be downloaded on a build machine without network, so the
# manifest is checked the way flatpak-builder itself reads it:
#  - `flatpak-builder --show-manifest` parses it with no error and no
#    "Unknown property" warning (a misspelt key is otherwise silently ignored);
#  - every local source (dir, file, patch, script paths) exists;
#  - the app ID, command, runtime and permissions are the ones the README
#    justifies, and the project is built as the development profile.
import json
import os
import subprocess
import sys
import tempfile

EXPECTED_FINISH_ARGS = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
}

LOCAL_SOURCE_KEYS = ("path", "paths")


def fail(problems):
    for p in problems:
        print(f"not ok: {p}")
    return 1


def local_sources(module, manifest_dir, where):
    """Yields (description, absolute path) for every local source of module."""
    if isinstance(module, str):
        # A module given as a file name is itself a local source.
        yield (f"{where}: module file", os.path.join(manifest_dir, module))
        return
    name = module.get("name", "?")
    for i, source in enumerate(module.get("sources", [])):
        if isinstance(source, str):
            yield (f"{where}/{name}: source file", os.path.join(manifest_dir, source))
            continue
        for key in LOCAL_SOURCE_KEYS:
            value = source.get(key)
            if value is None:
                continue
            for path in value if isinstance(value, list) else [value]:
                yield (f"{where}/{name}: sources[{i}].{key}",
                       os.path.join(manifest_dir, path))
    for sub in module.get("modules", []):
        yield from local_sources(sub, manifest_dir, f"{where}/{name}")


def main(argv):
    if len(argv) != 3:
        print("usage: check-manifest.py MANIFEST APP_ID", file=sys.stderr)
        return 2
    manifest = os.path.abspath(argv[1])
    app_id = argv[2]
    manifest_dir = os.path.dirname(manifest)
    problems = []

    # flatpak-builder leaves a .flatpak-builder/ state folder in its working
    # directory: keep it out of the source tree.
    with tempfile.TemporaryDirectory() as work:
        proc = subprocess.run(["flatpak-builder", "--show-manifest", manifest],
                              cwd=work, capture_output=True, text=True,
                              timeout=60)
    if proc.returncode != 0:
        problems.append(f"flatpak-builder --show-manifest failed: {proc.stderr.strip()}")
    for line in proc.stderr.splitlines():
        if "Unknown property" in line or "WARNING" in line:
            problems.append(f"flatpak-builder: {line.strip()}")
    if problems:
        return fail(problems)
    print("ok: flatpak-builder --show-manifest accepts it")

    with open(manifest, encoding="utf-8") as f:
        data = json.load(f)

    got_id = data.get("id", data.get("app-id"))
    if got_id != app_id:
        problems.append(f"app ID is {got_id!r}, expected {app_id!r}")
    if data.get("command") != "pipedeck":
        problems.append(f"command is {data.get('command')!r}, expected 'pipedeck'")
    if data.get("runtime") != "org.gnome.Platform" or data.get("sdk") != "org.gnome.Sdk":
        problems.append("runtime must be org.gnome.Platform with org.gnome.Sdk")
    version = str(data.get("runtime-version", ""))
    if not version.isdigit() or int(version) < 49:
        problems.append(f"runtime-version {version!r} is not a numbered release >= 49")
    finish_args = set(data.get("finish-args", []))
    if not EXPECTED_FINISH_ARGS <= finish_args:
        problems.append(f"finish-args lack {sorted(EXPECTED_FINISH_ARGS - finish_args)}")
    extra = finish_args - EXPECTED_FINISH_ARGS
    if extra:
        problems.append(f"finish-args not justified in the README: {sorted(extra)}")

    modules = data.get("modules", [])
    if not modules or not isinstance(modules[-1], dict):
        problems.append("the last module must be the project itself")
    else:
        last = modules[-1]
        if {"type": "dir", "path": ".."} not in last.get("sources", []):
            problems.append("the last module must build from {type: dir, path: ..}")
        if "-Ddevelopment=true" not in last.get("config-opts", []):
            problems.append("the last module must be configured with -Ddevelopment=true")
        if last.get("buildsystem") != "meson":
            problems.append("the last module must use the meson build system")

    count = 0
    for where, path in (s for m in modules for s in local_sources(m, manifest_dir, "modules")):
        count += 1
        if not os.path.exists(path):
            problems.append(f"{where} names {path}, which does not exist")
    if count == 0:
        problems.append("no local source found: the project must build from the local folder")

    if problems:
        return fail(problems)
    print(f"ok: {count} local source(s) exist; app ID, command, runtime and permissions match")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
