#!/usr/bin/env python3
"""Independent reference implementation of labelgate identity hash v1, written from docs/identity-hash.md.

It regenerates fixtures/identity-hash/vectors.json; the Swift tests check the Swift implementation against it.
Usage: scripts/identity-hash-reference.py > fixtures/identity-hash/vectors.json
"""
import hashlib
import hmac
import json
import re
import unicodedata

DOMAIN = b"labelgate.identity\x00"
TAGS = [
    ("coi", 0x01), ("productCode", 0x02), ("collectionFacility", 0x03), ("collectionDate", 0x04),
    ("familyName", 0x10), ("givenName", 0x11), ("dateOfBirth", 0x12), ("medicalRecordNumber", 0x13),
    ("din", 0x20), ("dinFlags", 0x21), ("serial", 0x22),
]
NORMALIZED = {"collectionFacility", "familyName", "givenName", "medicalRecordNumber"}


def normalize(text):
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip()


def canonical(fields):
    out = bytearray(DOMAIN) + bytes([1])
    for name, tag in TAGS:
        value = fields.get(name) or ""
        if name in NORMALIZED:
            value = normalize(value)
        data = value.encode("utf-8")
        out += bytes([tag]) + len(data).to_bytes(2, "big") + data
    return bytes(out)


def base32(data):
    import base64
    return base64.b32encode(data).decode().rstrip("=")


CASES = [
    {"name": "basic", "salt": "000102030405060708090a0b0c0d0e0f",
     "fields": {"coi": "CHA999926AB12CD", "productCode": "S1234100", "collectionFacility": "A9999",
                "collectionDate": "2026-11-25T08:30-05:00", "familyName": "Testperson", "givenName": "Alex",
                "dateOfBirth": "1970-01-31", "medicalRecordNumber": "MRN-0001", "din": "A999926000001",
                "dinFlags": "01", "serial": "0000000042"}},
    {"name": "no-mrn-other-salt", "salt": "ffeeddccbbaa99887766554433221100",
     "fields": {"coi": "CHA999926AB12CD", "productCode": "S1234100", "collectionFacility": "A9999",
                "collectionDate": "2026-11-25T08:30-05:00", "familyName": "Testperson", "givenName": "Alex",
                "dateOfBirth": "1970-01-31", "medicalRecordNumber": None, "din": "A999926000002",
                "dinFlags": "00", "serial": "0000000001"}},
    {"name": "unicode-and-whitespace", "salt": "000102030405060708090a0b0c0d0e0f",
     "fields": {"coi": "CHW000026XY9876", "productCode": "S1234X00", "collectionFacility": "  W0000   site 2 ",
                "collectionDate": "2026-01-02T23:59Z", "familyName": "Mu\u0308ller-\u00c5berg",
                "givenName": "  Jo\u00e3o \u2003 Maria ", "dateOfBirth": "1984-02-29", "medicalRecordNumber": " 12 34 ",
                "din": "W000026123456", "dinFlags": "05", "serial": "9999999999"}},
]

vectors = []
for case in CASES:
    data = canonical(case["fields"])
    mac = hmac.new(bytes.fromhex(case["salt"]), data, hashlib.sha256).digest()[:20]
    vectors.append({**case, "canonicalHex": data.hex(), "hash": base32(mac)})
print(json.dumps({"version": 1, "generator": "scripts/identity-hash-reference.py", "vectors": vectors},
                 indent=2, ensure_ascii=True))
