#!/usr/bin/env bash
# Refreshes the README's pictures of the web client: runs BrowserThemeTest, which saves its
# screenshots (a channel on a desktop and a phone, light and dark, and the log-in page) under
# system-tests/target/screenshots/, and copies them to the docs/ names README.md shows. Chromium
# and the emoji font the pictures need are installed first when missing. Extra arguments go to
# Maven (say -o to build offline).
set -euo pipefail
cd "$(dirname "$0")/.."

readonly SHOTS=system-tests/target/screenshots
# The test's file name -> the README's.
declare -A readme=(
  [chat-desktop-light]=web-desktop-light
  [chat-desktop-dark]=web-desktop-dark
  [chat-phone-light]=web-phone-light
  [chat-phone-dark]=web-phone-dark
  [login-desktop-light]=web-login-light
)

scripts/browser-install.sh
rm -f "$SHOTS"/*.png
mvn -B -q "$@" test -pl system-tests -am -Dtest=BrowserThemeTest -Dsurefire.failIfNoSpecifiedTests=false
for shot in "${!readme[@]}"; do
  cp "$SHOTS/$shot.png" "docs/${readme[$shot]}.png"
  echo "docs/${readme[$shot]}.png"
done
