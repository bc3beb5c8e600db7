#!/usr/bin/env bash
# Installs Debian's Chromium and its chromedriver, which the web client's browser tests drive
# (system-tests/src/test/java/dev/parley/node/web/), and a colour emoji font, without which
# Chromium draws emoji (in messages, reactions and the pickers) as empty boxes in the screenshots.
# Idempotent: does nothing when all three are there. Needs root; uses sudo when run as another user.
set -euo pipefail

readonly CHROMIUM=/usr/bin/chromium
readonly CHROMEDRIVER=/usr/bin/chromedriver
readonly EMOJI_FONT=fonts-noto-color-emoji

if [[ -x "$CHROMIUM" && -x "$CHROMEDRIVER" ]] && dpkg-query -W -f='${Status}' "$EMOJI_FONT" 2>/dev/null | grep -q 'ok installed'; then
  exit 0
fi

as_root=()
if [[ $(id -u) -ne 0 ]]; then
  as_root=(sudo)
fi

"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver "$EMOJI_FONT"
