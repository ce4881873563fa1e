#!/bin/sh
# Fails when a file below src/aws, src/core or src/sandbox includes GTK,
# GDK or libadwaita: those layers must build and run without a display.
set -u
root=${1:-.}
status=0
for dir in src/aws src/core src/sandbox src/tools; do
  [ -d "$root/$dir" ] || continue
  hits=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](gtk/|gdk/|gsk/|adwaita\.h)' \
           "$root/$dir" 2>/dev/null)
  if [ -n "$hits" ]; then
    echo "GTK included below the UI layer:"
    echo "$hits"
    status=1
  fi
done
# The dependency lists of the lower layers must not name GTK either.
for f in src/aws/meson.build src/core/meson.build src/sandbox/meson.build; do
  [ -f "$root/$f" ] || continue
  if grep -nE '\b(gtk_dep|adw_dep)\b' "$root/$f"; then
    echo "$f depends on GTK or libadwaita"
    status=1
  fi
done
[ $status -eq 0 ] && echo "layering: ok"
exit $status
