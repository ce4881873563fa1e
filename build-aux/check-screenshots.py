#!/usr/bin/env python3
# check-screenshots.py — the screenshots the metainfo and README show are real.
#
# Copyright 2026 The Pipedeck authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   check-screenshots.py SOURCE_ROOT METAINFO
#
# Every screenshot URL of the metainfo must name a PNG kept in data/screenshots/
# (the URL is the raw form of that file on the project's main branch), the PNG
# must have the size the metainfo states and must not be one flat colour, and
# every image the README shows must exist.
import os
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

URL_PREFIX = "https://raw.githubusercontent.com/pipedeck/pipedeck/main/"


def read_png(path):
    """Returns (width, height, number of distinct pixel rows sampled)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos = 8
    width = height = depth = colour = interlace = None
    idat = b""
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length:
            raise ValueError("truncated chunk")
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + length
    if width is None or not idat:
        raise ValueError("no IHDR or IDAT chunk")
    raw = zlib.decompress(idat)
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace != 0:
        # Only what GTK writes is decoded; other PNGs get the size check only.
        return width, height, None
    stride = width * channels
    if len(raw) != height * (stride + 1):
        raise ValueError("pixel data does not match the header")
    # Undo the PNG filters to compare real pixel values.
    prev = bytearray(stride)
    colours = set()
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 0xFF
            elif ftype == 2:
                line[i] = (line[i] + b) & 0xFF
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 0xFF
        if y % 16 == 0:
            for x in range(0, width, 16):
                colours.add(bytes(line[x * channels:(x + 1) * channels]))
        prev = line
    return width, height, len(colours)


def main(argv):
    root, metainfo = argv[1], argv[2]
    problems = []
    shots = ET.parse(metainfo).getroot().findall("./screenshots/screenshot")
    if not shots:
        problems.append("the metainfo has no screenshot")
    for shot in shots:
        for image in shot.findall("image"):
            url = (image.text or "").strip()
            if not url.startswith(URL_PREFIX + "data/screenshots/") or not url.endswith(".png"):
                problems.append(f"{url}: not a PNG under {URL_PREFIX}data/screenshots/")
                continue
            rel = url[len(URL_PREFIX):]
            path = os.path.join(root, rel)
            if not os.path.isfile(path):
                problems.append(f"{url}: {rel} is not in the repository")
                continue
            try:
                width, height, colours = read_png(path)
            except (ValueError, zlib.error, struct.error) as e:
                problems.append(f"{rel}: {e}")
                continue
            before = len(problems)
            want = (image.get("width"), image.get("height"))
            if want != (None, None) and want != (str(width), str(height)):
                problems.append(f"{rel} is {width}x{height}, the metainfo says {want[0]}x{want[1]}")
            if colours is not None and colours < 8:
                problems.append(f"{rel} looks blank ({colours} colours sampled)")
            if len(problems) == before:
                print(f"ok: {rel} {width}x{height}" +
                      (f", {colours} colours sampled" if colours is not None else ""))
    readme = os.path.join(root, "README.md")
    if os.path.isfile(readme):
        with open(readme, encoding="utf-8") as f:
            images = re.findall(r"!\[[^\]]*\]\(([^)\s]+)", f.read())
        if not images:
            problems.append("README.md shows no screenshot")
        for img in images:
            if not img.startswith("http") and not os.path.isfile(os.path.join(root, img)):
                problems.append(f"README.md shows {img}, which does not exist")
    for p in problems:
        print(f"not ok: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
