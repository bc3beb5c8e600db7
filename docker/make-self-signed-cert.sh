#!/usr/bin/env bash
# Makes a self-signed TLS certificate for the nginx of compose.yaml, for local use and trials:
#
#   docker/make-self-signed-cert.sh [NAME...]
#
#   docker/tls/cert.pem   the certificate (EC P-256, 397 days), for NAME... (default localhost) and
#                         always localhost, 127.0.0.1 and ::1; the first NAME is its subject
#   docker/tls/key.pem    its private key, readable by its owner only
#
# Both are git-ignored. Safe to repeat: a certificate that matches its key, covers every name and
# is valid for 30 more days is kept; otherwise a new one replaces it. A certificate that is not
# self-signed (your own, put at those paths) is never replaced. Browsers warn about a self-signed
# certificate until you trust it (docker/README.md).
set -euo pipefail
cd "$(dirname "$0")"

dir=tls
cert=$dir/cert.pem
key=$dir/key.pem
DAYS=397
RENEW_WITHIN=$((30 * 24 * 3600))

command -v openssl >/dev/null || {
  echo "make-self-signed-cert: openssl not found" >&2
  exit 1
}
(($# > 0)) || set -- localhost
names=("$@")
for extra in localhost 127.0.0.1 ::1; do
  [[ " ${names[*]} " == *" $extra "* ]] || names+=("$extra")
done
sans=()
for name in "${names[@]}"; do
  if [[ $name =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ || $name == *:* ]]; then
    sans+=("IP:$name")
  elif [[ $name =~ ^[A-Za-z0-9*]([A-Za-z0-9.-]*[A-Za-z0-9])?$ ]]; then
    sans+=("DNS:$name")
  else
    echo "make-self-signed-cert: '$name' is neither a host name nor an IP address" >&2
    exit 2
  fi
done

# Every SAN as `openssl x509 -text` prints it (IP Address:0:0:0:0:0:0:0:1 for ::1 in OpenSSL 1.1,
# IP Address:::1 in 3.x: addresses are compared by what openssl makes of them, not as typed).
printed_sans() {
  openssl x509 -in "$1" -noout -text | sed -n '/Subject Alternative Name/{n;p;}' | tr ',' '\n' | sed 's/^ *//;s/ *$//' | sort
}

usable() {
  [[ -s $cert && -s $key ]] || return 1
  openssl x509 -in "$cert" -noout -checkend "$RENEW_WITHIN" >/dev/null || return 1
  [[ "$(openssl x509 -in "$cert" -noout -pubkey)" == "$(openssl pkey -in "$key" -pubout)" ]] || return 1
  local have want
  have=$(printed_sans "$cert")
  want=$(printed_sans "$work/probe.pem")
  [[ -z $(comm -13 <(echo "$have") <(echo "$want")) ]]
}

self_signed() {
  [[ "$(openssl x509 -in "$cert" -noout -subject -nameopt RFC2253 | sed 's/^subject=//')" == \
     "$(openssl x509 -in "$cert" -noout -issuer -nameopt RFC2253 | sed 's/^issuer=//')" ]]
}

umask 077
mkdir -p "$dir"
# Files appear in tls/ only when complete, so an interrupted run leaves nothing half made.
work=$(mktemp -d "$dir/.work.XXXXXX")
trap 'rm -rf "$work"' EXIT

# A leaf, not a CA: Firefox refuses a CA certificate as a server's, and the default openssl.cnf
# would make one.
cat >"$work/openssl.cnf" <<CNF
[req]
distinguished_name = dn
prompt = no
x509_extensions = leaf
[dn]
CN = ${names[0]}
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
subjectAltName = $(IFS=,; echo "${sans[*]}")
CNF
make_cert() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days "$1" -config "$work/openssl.cnf" \
    -keyout "$2" -out "$3" 2>"$work/openssl.log" || {
    cat "$work/openssl.log" >&2
    exit 1
  }
}
# The names as openssl prints them, to compare with what an existing certificate covers.
make_cert 1 "$work/probe.key" "$work/probe.pem"

if usable; then
  echo "make-self-signed-cert: kept docker/$cert ($(openssl x509 -in "$cert" -noout -enddate))"
  exit 0
fi
if [[ -s $cert ]] && ! self_signed; then
  echo "make-self-signed-cert: docker/$cert is not self-signed (your own certificate?); not replacing it" >&2
  exit 1
fi
make_cert "$DAYS" "$work/key.pem" "$work/cert.pem"
chmod 644 "$work/cert.pem"
mv -f "$work/key.pem" "$key"
mv -f "$work/cert.pem" "$cert"
echo "make-self-signed-cert: wrote docker/$cert and docker/$key for ${names[*]} ($(openssl x509 -in "$cert" -noout -enddate))"
