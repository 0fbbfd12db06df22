#!/usr/bin/env bash
# Checks the tests' install step (tests/run.sh --system-tools) against a Debian release other
# than this machine's, without Docker: by default the release of the pull-request workflow's
# container (`container: rust:1-trixie` -> trixie).
#
#   tests/ci/check-debian-release.sh [SUITE]
#       Index check, a minute or less: fetches SUITE's package index into a throwaway apt
#       folder (this system's apt setup is left alone), lets tests/ci/system-packages.sh pick
#       the packages from it, shows each one's version, and has apt resolve their install
#       from an empty system (`apt-get install --simulate`), so that a missing dependency
#       fails too.
#
#   tests/ci/check-debian-release.sh --chroot DIR [SUITE]
#       The install itself: debootstraps a minimal SUITE into DIR (kept, reused by the next
#       run), copies tests/run.sh and tests/ci/ into it and runs `tests/run.sh --system-tools`
#       there with chroot, which installs the packages and prints the versions of chromium,
#       pdftotext and java. Needs root, debootstrap and about 1 GB in DIR.
#
# The mirror is the one this system's apt uses (or $MIRROR), the keys Debian's archive
# keyring (or $KEYRING). Exits non-zero when the release lacks a package the tests need.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT="$(pwd)"

chroot_dir=""
if [ "${1:-}" = "--chroot" ]; then
  chroot_dir="${2:?--chroot needs a folder}"
  shift 2
fi
workflow_suite="$(sed -nE 's/^ *container: *rust:[0-9.]+-([a-z]+) *$/\1/p' .github/workflows/pull-request.yml | head -n 1)"
SUITE="${1:-$workflow_suite}"
[ -n "$SUITE" ] || { echo "name a Debian suite (trixie, bookworm, …): none found in pull-request.yml" >&2; exit 2; }
KEYRING="${KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}"
if [ -z "${MIRROR:-}" ]; then
  MIRROR="$(apt-get indextargets --format '$(REPO_URI)' 2>/dev/null | grep -v -- '-security' | head -n 1 || true)"
fi
[ -n "$MIRROR" ] || { echo "this system's apt names no Debian mirror; set MIRROR" >&2; exit 2; }
NEEDS=(chromium pdftotext fonts java)

check_index() {
  dir="$(mktemp -d)"
  trap 'rm -rf "$dir"' EXIT
  mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/empty"
  : >"$dir/status"
  local suite
  for suite in "$SUITE" "$SUITE-updates" "$SUITE-security"; do
    local uri="$MIRROR"
    [ "$suite" = "$SUITE-security" ] && uri="${MIRROR%/}-security"
    printf 'deb [signed-by=%s] %s %s main\n' "$KEYRING" "$uri" "$suite"
  done >"$dir/sources.list"
  # Nothing of this system's apt setup is read: no apt.conf.d, sources or preferences.
  cat >"$dir/apt.conf" <<EOF
Dir::Etc::parts "$dir/empty";
Dir::Etc::sourcelist "$dir/sources.list";
Dir::Etc::sourceparts "$dir/empty";
Dir::Etc::preferencesparts "$dir/empty";
APT::Sandbox::User "root";
Acquire::Languages "none";
Dir::State "$dir";
Dir::State::lists "$dir/lists";
Dir::State::status "$dir/status";
Dir::Cache "$dir/cache";
EOF
  export APT_CONFIG="$dir/apt.conf"
  echo "== $SUITE's package index, from the mirror this system uses"
  apt-get update -q -o Debug::NoLocking=1 | grep -E '^(Get|Hit|Err|W:|E:)' || true
  local codename
  codename="$(sed -nE 's/^Codename: //p' "$dir"/lists/*_dists_"${SUITE}"_InRelease | head -n 1)"
  echo "== release: $codename ($(sed -nE 's/^Version: //p' "$dir"/lists/*_dists_"${SUITE}"_InRelease | head -n 1))"
  local packages
  packages="$(bash tests/ci/system-packages.sh "${NEEDS[@]}")"
  local need pkg i=0
  for pkg in $packages; do
    need="${NEEDS[$i]}"
    i=$((i + 1))
    printf '  %-10s -> %-24s %s\n' "$need" "$pkg" \
      "$(apt-cache policy "$pkg" | awk '$1 == "Candidate:" { print $2 }')"
  done
  printf '  openjdk-17-jre-headless: %s\n' \
    "$(apt-cache policy openjdk-17-jre-headless | awk '$1 == "Candidate:" && $2 != "(none)" { print $2 }' | grep . || echo 'not in this release')"
  echo "== apt-get install --simulate --no-install-recommends on an empty $SUITE system"
  # shellcheck disable=SC2086 # one package a word
  apt-get install --simulate --no-install-recommends -o Debug::NoLocking=1 $packages >"$dir/simulate.log"
  grep -E '^[0-9]+ (upgraded|newly)' "$dir/simulate.log"
  echo "ok: $SUITE offers every package the tests install ($(echo $packages))"
}

check_in_chroot() {
  command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install debootstrap" >&2; exit 2; }
  if [ ! -e "$chroot_dir/etc/debian_version" ]; then
    echo "== debootstrap --variant=minbase $SUITE $chroot_dir"
    debootstrap --variant=minbase --keyring="$KEYRING" "$SUITE" "$chroot_dir" "$MIRROR"
  fi
  echo "== Debian $(cat "$chroot_dir/etc/debian_version") in $chroot_dir"
  # The chroot's apt gets the same mirror (debootstrap wrote it), and the repository's two
  # scripts, fresh from this checkout.
  rm -rf "$chroot_dir/qbook"
  mkdir -p "$chroot_dir/qbook/tests"
  cp tests/run.sh "$chroot_dir/qbook/tests/"
  cp -r tests/ci "$chroot_dir/qbook/tests/"
  mountpoint -q "$chroot_dir/proc" || mount -t proc proc "$chroot_dir/proc"
  trap 'umount "$chroot_dir/proc" 2>/dev/null || true' EXIT
  echo "== tests/run.sh --system-tools in the chroot"
  chroot "$chroot_dir" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 bash /qbook/tests/run.sh --system-tools
  echo "ok: tests/run.sh --system-tools installed everything in $SUITE"
}

echo "suite: $SUITE (from ${1:+the command line}${1:-.github/workflows/pull-request.yml}), mirror: $MIRROR"
if [ -n "$chroot_dir" ]; then
  check_in_chroot
else
  check_index
fi
