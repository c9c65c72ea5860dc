#!/usr/bin/env bash
# Makes sure the console's browser tests have a browser: Debian's Chromium at /usr/bin/chromium (or
# the one CHROMIUM_PATH names). `npm test` runs this first, so the README's `npm install && npm test`
# passes on a fresh machine that has only Node.js and npm. playwright-core cannot download its own
# browser here, hence the distribution's package.
#
# Exit status: 0 when a browser is there (or was installed, or CI_SKIP_CHROMIUM=1); 1 when it is
# missing and cannot be installed, with a message saying what to do. Failing here, before jest,
# is clearer than ten browser tests failing one by one.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
# Another installer may hold the dpkg lock for a while: wait for it (seconds) rather than fail at once.
DPKG_LOCK_WAIT_SECONDS=300

if [[ "${CI_SKIP_CHROMIUM:-0}" == "1" ]]; then
  echo "ensure-chromium: CI_SKIP_CHROMIUM=1, not checking for a browser (the browser tests will fail without one)." >&2
  exit 0
fi
if [[ -x "$CHROMIUM" ]]; then exit 0; fi

if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  echo "ensure-chromium: CHROMIUM_PATH=$CHROMIUM is not an executable file; fix the path or unset it to use Debian's chromium." >&2
  exit 1
fi

sudo=()
if [[ "$(id -u)" != "0" ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    cat >&2 <<'MSG'
ensure-chromium: /usr/bin/chromium is missing and this user cannot install it (not root, no passwordless sudo).
  The console's browser tests need it. Install it once as root, then run the tests again:
      sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium
  or point CHROMIUM_PATH at an existing Chromium, or set CI_SKIP_CHROMIUM=1 to run without it.
MSG
    exit 1
  fi
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: /usr/bin/chromium is missing and apt-get is not available (not Debian/Ubuntu); install Chromium and set CHROMIUM_PATH." >&2
  exit 1
fi

echo "ensure-chromium: installing Debian's chromium for the console's browser tests (once; about 100 MB)..." >&2
lock_wait=(-o "DPkg::Lock::Timeout=${DPKG_LOCK_WAIT_SECONDS}")
"${sudo[@]}" apt-get "${lock_wait[@]}" update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${lock_wait[@]}" install -y -qq --no-install-recommends chromium >&2
if [[ ! -x "$CHROMIUM" ]]; then
  echo "ensure-chromium: apt-get finished but $CHROMIUM is still missing." >&2
  exit 1
fi
echo "ensure-chromium: $("$CHROMIUM" --version 2>/dev/null || echo chromium) installed." >&2
