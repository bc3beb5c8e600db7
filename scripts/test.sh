#!/usr/bin/env bash
# Runs the whole test suite: unit tests, WebSocket tests against in-process nodes, and the
# integration tests that run the packaged node jar as separate processes (kill -9 included).
# PostgreSQL tests start their own private server from the machine's PostgreSQL 15 binaries
# (installed here when missing), or use PARLEY_TEST_DB_URL when it is set. The deployment files
# under docker/ are validated statically first, and the image's recipe is checked by building and
# starting the node from exactly its build context (no container engine is needed for either).
# The web client's browser tests drive Debian's Chromium, and the fault-injection suite nftables
# rules on lo; both are installed here when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${PARLEY_TEST_DB_URL:-}" ]]; then
  scripts/postgres-install.sh
fi

scripts/browser-install.sh
scripts/faults-install.sh
scripts/validate-deploy.sh
scripts/image-context-check.sh
exec mvn -B verify "$@"
