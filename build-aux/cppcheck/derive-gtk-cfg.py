#!/usr/bin/env python3
# derive-gtk-cfg.py — a copy of cppcheck's gtk.cfg that knows where GLib
# takes ownership of memory.
#
# Copyright 2026 The Pipedeck authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   derive-gtk-cfg.py SYSTEM_GTK_CFG OUTPUT FUNCTION...
#
# cppcheck 2.10's gtk.cfg marks these functions <leak-ignore/>, as if they
# never kept what they are given. They do: g_array_*_vals copies a struct,
# with the pointers in it, into the array, which then owns them, and
# g_once_init_leave stores its value for the life of the process. Left as
# is, every struct appended to a GArray is reported as a leak. A later cfg
# cannot drop a flag, so the flag is removed in a copy. A real leak (a
# struct that is dropped, not appended) is still reported.
import re
import sys


def main(argv):
    src, dst, names = argv[1], argv[2], argv[3:]
    with open(src, encoding="utf-8") as f:
        text = f.read()
    for name in names:
        pattern = re.compile(r'(<function name="(?:[^"]*,)?%s(?:,[^"]*)?">)(.*?)(</function>)'
                             % re.escape(name), re.S)
        text, count = pattern.subn(
            lambda m: m.group(1) + m.group(2).replace("<leak-ignore/>", "") + m.group(3), text)
        if count == 0:
            print(f"derive-gtk-cfg.py: {name} is not in {src}", file=sys.stderr)
            return 1
    with open(dst, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
