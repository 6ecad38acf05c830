#!/usr/bin/env bash
# Regenerates fixtures/nfc/originality.json: a test tag maker's secp128r1 key and ECDSA signatures over 7-byte UIDs,
# made by the OpenSSL command line (independent of labelgate's own verifier). The message is the raw UID, as NXP
# signs it: `openssl pkeyutl -sign` treats its input as the digest.
# Usage: scripts/nfc/make_signature_fixtures.sh > fixtures/nfc/originality.json
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
openssl ecparam -name secp128r1 -genkey -noout -out "$work/key.pem"
pub=$(openssl ec -in "$work/key.pem" -pubout -conv_form uncompressed -outform DER 2>/dev/null | tail -c 33 | xxd -p -c 64)
priv=$(openssl ec -in "$work/key.pem" -text -noout 2>/dev/null | sed -n '/priv:/,/pub:/p' | grep -v 'priv:\|pub:' | tr -d ' :\n')
echo "{"
echo "  \"curve\": \"secp128r1\","
echo "  \"source\": \"openssl $(openssl version | cut -d' ' -f2) pkeyutl -sign, raw UID as the digest\","
echo "  \"testMakerPublicKey\": \"$pub\","
echo "  \"testMakerPrivateKey\": \"$priv\","
echo "  \"signatures\": ["
first=1
for uid in 04a1b2c3d4e5f6 04112233445566 04deadbeef0102 04c0ffee000001 04010203040506 04f0e0d0c0b0a0 047766554433aa 0455aa55aa55aa; do
  printf '%s' "$uid" | xxd -r -p > "$work/uid.bin"
  openssl pkeyutl -sign -inkey "$work/key.pem" -in "$work/uid.bin" -out "$work/sig.der"
  # DER SEQUENCE { INTEGER r, INTEGER s } -> r || s, each left-padded to 16 bytes.
  mapfile -t ints < <(openssl asn1parse -inform DER -in "$work/sig.der" | grep INTEGER | sed 's/.*INTEGER *:\(.*\)/\1/')
  r=$(printf '%032s' "${ints[0]}" | tr ' ' 0 | tr 'A-F' 'a-f')
  s=$(printf '%032s' "${ints[1]}" | tr ' ' 0 | tr 'A-F' 'a-f')
  [ $first -eq 1 ] || echo ","
  first=0
  printf '    {"uid": "%s", "signature": "%s%s"}' "$uid" "$r" "$s"
done
echo
echo "  ]"
echo "}"
