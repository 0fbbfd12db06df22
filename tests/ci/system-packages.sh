#!/usr/bin/env bash
# Prints the Debian packages that bring the tools the tests need, one a line, chosen by what
# this system's apt offers (so the same step works on Debian 12, Debian 13 and later, where
# package names differ: Debian 13 has no openjdk-17).
#
#   tests/ci/system-packages.sh NEED...
#
#   NEED       the first package apt can install, of
#   chromium   chromium
#   pdftotext  poppler-utils
#   fonts      fonts-dejavu-core, fonts-dejavu (DejaVu: Latin and Cyrillic, sans, serif, mono)
#   java       default-jre-headless, else the newest openjdk-N-jre-headless with N >= 17
#              (the Nu Html Checker needs Java 17 or newer)
#
# Run `apt-get update` first: apt-cache knows only the lists it has fetched. apt-cache reads
# APT_CONFIG when set, so tests/ci/check-debian-release.sh asks another release's index with
# this same script. Exits 1, naming the need, when apt offers none of its packages.
set -euo pipefail

# Whether apt can install PKG: a real package with a candidate version (a virtual package,
# or one apt has never heard of, has none).
installable() {
  local candidate
  candidate="$(apt-cache policy "$1" 2>/dev/null | awk '$1 == "Candidate:" { print $2; exit }')"
  [ -n "$candidate" ] && [ "$candidate" != "(none)" ]
}

# openjdk-N-jre-headless packages apt knows, N >= 17, newest first.
openjdk_headless() {
  apt-cache pkgnames openjdk- 2>/dev/null \
    | sed -nE 's/^openjdk-([0-9]+)-jre-headless$/\1/p' \
    | awk '$1 >= 17' | sort -nr | sed -E 's/.*/openjdk-&-jre-headless/'
}

candidates() {
  case "$1" in
    chromium) echo chromium ;;
    pdftotext) echo poppler-utils ;;
    fonts) echo fonts-dejavu-core fonts-dejavu ;;
    java) echo default-jre-headless $(openjdk_headless) ;;
    *)
      echo "unknown need \`$1\`; the needs are chromium, pdftotext, fonts, java" >&2
      return 2
      ;;
  esac
}

status=0
for need in "$@"; do
  list="$(candidates "$need")" || exit 2
  found=""
  for pkg in $list; do
    if installable "$pkg"; then
      found="$pkg"
      break
    fi
  done
  if [ -n "$found" ]; then
    echo "$found"
  else
    echo "apt offers no package for $need (tried: ${list:-none}); run apt-get update first, or install it by hand" >&2
    status=1
  fi
done
exit "$status"
