#!/usr/bin/env bash
# Refreshes the README's pictures of the web client: runs BrowserThemeTest, which saves its
# screenshots (a channel on a desktop and a phone, light and dark, and the log-in page) under
# system-tests/target/screenshots/, and the BrowserFeaturesTest test that saves the channel with a
# thread open (system-tests/target/web-client.png), and copies them to the docs/ names README.md
# shows. Chromium and the emoji font the pictures need are installed first when missing. Extra
# arguments go to Maven (say -o to build offline).
set -euo pipefail
cd "$(dirname "$0")/.."

readonly TARGET=system-tests/target
# The test's file (under system-tests/target/) -> the README's (under docs/).
declare -A readme=(
  [screenshots/chat-desktop-light.png]=web-desktop-light.png
  [screenshots/chat-desktop-dark.png]=web-desktop-dark.png
  [screenshots/chat-phone-light.png]=web-phone-light.png
  [screenshots/chat-phone-dark.png]=web-phone-dark.png
  [screenshots/login-desktop-light.png]=web-login-light.png
  [web-client.png]=screenshot.png
)

scripts/browser-install.sh
# Nothing left from an earlier run can pass for a fresh picture.
for shot in "${!readme[@]}"; do
  rm -f "$TARGET/$shot"
done
mvn -B -q "$@" test -pl system-tests -am -Dtest='BrowserThemeTest,BrowserFeaturesTest#twoUsersSeeTypingReactThreadEditAndDelete' \
  -Dsurefire.failIfNoSpecifiedTests=false
for shot in "${!readme[@]}"; do
  cp "$TARGET/$shot" "docs/${readme[$shot]}"
  echo "docs/${readme[$shot]}"
done
