#!/usr/bin/env bash
# Installs the PostgreSQL 15 server binaries that the tests run privately
# (dev.parley.persistence.testing.PostgresTestServer starts its own server from them).
# Idempotent: does nothing when they are already there. Run as root.
#
# Debian's package would normally create and start a "main" cluster as a system service. The
# tests neither need nor use it, so the script tells postgresql-common not to create one; with no
# cluster, the package's service has nothing to start.
set -euo pipefail

readonly INITDB=/usr/lib/postgresql/15/bin/initdb
readonly NO_MAIN_CLUSTER=/etc/postgresql-common/createcluster.d/parley-no-main-cluster.conf

if [[ -x "$INITDB" ]]; then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "postgres-install.sh: $INITDB is missing; run this script as root to install postgresql-15" >&2
  exit 1
fi

# Read by the package's postinst through createcluster.conf's include_dir.
mkdir -p "$(dirname "$NO_MAIN_CLUSTER")"
echo "create_main_cluster = false" > "$NO_MAIN_CLUSTER"

apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15
