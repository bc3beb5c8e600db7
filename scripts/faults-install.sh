#!/usr/bin/env bash
# Installs nftables, which the fault-injection suite (dev.parley.node.faults) uses to drop packets
# between the nodes' loopback addresses and to cut PostgreSQL off. Idempotent: does nothing when
# `nft` is already there. Run as root; the suite itself needs root (CAP_NET_ADMIN) to add rules.
set -euo pipefail

if command -v nft >/dev/null 2>&1; then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "faults-install.sh: nft is missing; run this script as root to install nftables" >&2
  exit 1
fi

apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nftables
