#!/usr/bin/env bash
# Makes what mutual TLS between Parley nodes needs (PARLEY_CLUSTER_TLS_*, docs/security.md), with
# the JDK's keytool only:
#
#   scripts/cluster-certs.sh DIR NAME...
#
#   DIR/ca.p12, ca.password            the private CA: keep it off the nodes (it signs new nodes)
#   DIR/ca.crt                         the CA's certificate (public)
#   DIR/truststore.p12, .password      the CA's certificate alone: every node trusts only it
#   DIR/NAME.p12, NAME.password        a node keystore: key and certificate signed by the CA, with
#                                      NAME as its common name and subject alternative name
#
# One NAME per node (compose: parley-1 parley-2 parley-3), or one NAME shared by all nodes (a
# Kubernetes Deployment, whose pods are interchangeable). Run it again with more names to add
# nodes: what exists is kept, so it is safe to repeat; delete NAME.p12 to renew that node.
# Passwords are random, written to files only (never on a command line), and every secret file is
# readable by its owner alone.
set -euo pipefail

usage() {
  echo "usage: $0 DIR NAME..." >&2
  exit 2
}
(($# >= 2)) || usage
dir=$1
shift
for name in "$@"; do
  [[ $name =~ ^[A-Za-z0-9][A-Za-z0-9.-]*$ && $name != ca && $name != truststore ]] || {
    echo "cluster-certs: node name '$name' must be a host name or address (letters, digits, '.', '-'), not ca or truststore" >&2
    exit 2
  }
done
keytool=keytool
if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/keytool ]]; then
  keytool=$JAVA_HOME/bin/keytool
fi
command -v "$keytool" >/dev/null || {
  echo "cluster-certs: keytool not found (install a JDK or set JAVA_HOME)" >&2
  exit 1
}

umask 077
mkdir -p "$dir"
chmod 700 "$dir"
# Files appear in DIR only when complete, so an interrupted run leaves nothing half made.
work=$(mktemp -d "$dir/.work.XXXXXX")
trap 'rm -rf "$work"' EXIT

CA_DAYS=3650
NODE_DAYS=825
KEY=(-keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA -storetype PKCS12)

new_password() {
  head -c 36 /dev/urandom | base64 | tr -d '+/=\n' >"$1"
}

# keytool's chatter is shown only when it fails; passwords only ever travel in files.
kt() {
  local out
  out=$("$keytool" "$@" 2>&1) || {
    echo "$out" >&2
    echo "cluster-certs: keytool $1 failed" >&2
    exit 1
  }
}

if [[ ! -e $dir/ca.p12 ]]; then
  new_password "$work/ca.password"
  kt -genkeypair -alias ca "${KEY[@]}" -dname "CN=Parley cluster CA" -validity "$CA_DAYS" \
    -ext bc:c=ca:true,pathlen:0 -ext ku:c=keyCertSign,cRLSign \
    -keystore "$work/ca.p12" -storepass:file "$work/ca.password"
  kt -exportcert -rfc -alias ca -keystore "$work/ca.p12" -storepass:file "$work/ca.password" -file "$work/ca.crt"
  chmod 644 "$work/ca.crt"
  mv "$work/ca.password" "$work/ca.crt" "$dir/"
  mv "$work/ca.p12" "$dir/"
  echo "cluster-certs: made the CA ($dir/ca.p12)"
fi

if [[ ! -e $dir/truststore.p12 ]]; then
  new_password "$work/truststore.password"
  kt -importcert -noprompt -alias parley-cluster-ca -file "$dir/ca.crt" -storetype PKCS12 \
    -keystore "$work/truststore.p12" -storepass:file "$work/truststore.password"
  mv "$work/truststore.password" "$dir/"
  mv "$work/truststore.p12" "$dir/"
  echo "cluster-certs: made the truststore ($dir/truststore.p12)"
fi

for name in "$@"; do
  [[ -e $dir/$name.p12 ]] && continue
  store=$work/$name.p12
  password=$work/$name.password
  new_password "$password"
  san=dns:$name
  if [[ $name =~ ^[0-9.]+$ ]]; then
    san=ip:$name
  fi
  kt -genkeypair -alias node "${KEY[@]}" -dname "CN=$name" -validity "$NODE_DAYS" \
    -keystore "$store" -storepass:file "$password"
  kt -certreq -alias node -keystore "$store" -storepass:file "$password" -file "$work/$name.csr"
  # Nodes are TLS servers and clients of each other: both extended key usages.
  kt -gencert -alias ca -keystore "$dir/ca.p12" -storepass:file "$dir/ca.password" \
    -infile "$work/$name.csr" -outfile "$work/$name.crt" -rfc -validity "$NODE_DAYS" \
    -ext ku:c=digitalSignature -ext eku=serverAuth,clientAuth -ext "san=$san"
  # The node presents its whole chain (node, CA); -noprompt installs it although no keystore here
  # trusts the CA yet.
  cat "$work/$name.crt" "$dir/ca.crt" >"$work/$name.chain"
  kt -importcert -noprompt -alias node -file "$work/$name.chain" -keystore "$store" -storepass:file "$password"
  mv "$password" "$dir/"
  mv "$store" "$dir/"
  echo "cluster-certs: made node $name ($dir/$name.p12)"
done
