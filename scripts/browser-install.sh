#!/usr/bin/env bash
# Installs Debian's Chromium and its chromedriver, which the web client's browser tests drive
# (system-tests/src/test/java/dev/parley/node/web/). Idempotent: does nothing when both are
# there. Needs root; uses sudo when run as another user.
set -euo pipefail

readonly CHROMIUM=/usr/bin/chromium
readonly CHROMEDRIVER=/usr/bin/chromedriver

if [[ -x "$CHROMIUM" && -x "$CHROMEDRIVER" ]]; then
  exit 0
fi

as_root=()
if [[ $(id -u) -ne 0 ]]; then
  as_root=(sudo)
fi

"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
