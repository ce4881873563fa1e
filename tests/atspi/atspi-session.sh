#!/bin/bash
# atspi-session.sh — run the AT-SPI test in a session of its own.
#
# Copyright 2026 The Pipedeck authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   atspi-session.sh DRIVER.py PIPEDECK [ARGS...]
#
# Gives the driver a throw-away HOME, a private session bus (on which the
# AT-SPI bus and the Secret Service are started by D-Bus activation), an
# unlocked throw-away keyring and, when there is no display, an Xvfb of its
# own. The driver then starts PIPEDECK and reads it like a screen reader.
# Nothing of the caller's session is used: not its bus, keyring or HOME.
set -u

driver=$1
shift

if [ "${PD_ATSPI_IN_SESSION:-}" != 1 ]; then
  home=$(mktemp -d "${TMPDIR:-/tmp}/pd-atspi.XXXXXX") || exit 1
  trap 'rm -rf "$home"' EXIT
  mkdir -p "$home/run" "$home/.cache" "$home/.config" "$home/.local/share"
  chmod 700 "$home/run"
  export HOME=$home XDG_RUNTIME_DIR=$home/run XDG_CACHE_HOME=$home/.cache \
         XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share \
         PD_ATSPI_IN_SESSION=1
  # A bus address or keyring of the caller must not leak in.
  unset DBUS_SESSION_BUS_ADDRESS AT_SPI_BUS_ADDRESS GNOME_KEYRING_CONTROL
  run=(dbus-run-session -- "$0" "$driver" "$@")
  if [ -z "${DISPLAY:-}" ]; then
    run=(xvfb-run -a -s '-screen 0 1280x1024x24 -nolisten tcp' "${run[@]}")
  fi
  # The daemons the bus starts inherit its stdout and would write into the
  # TAP stream: they get stderr, the driver prints TAP on descriptor 3.
  exec 3>&1
  "${run[@]}" </dev/null >&2
  exit $?
fi

# libatspi warns when an application has no AT-SPI cache object, which GTK
# 4.8 never has: fatal warnings stay for the app, not for the driver.
export PD_ATSPI_APP_G_DEBUG=${G_DEBUG:-}
unset G_DEBUG

# Inside the private bus: a fresh login keyring, unlocked, so that the app
# keeps the sandbox account there like on a desktop.
eval "$(printf '%s' pipedeck-atspi-keyring | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
exec /usr/bin/python3 "$driver" "$@" >&3 3>&-
