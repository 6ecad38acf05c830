#!/usr/bin/env python3
"""Regenerates fixtures/ndef/*.json with ndeflib 0.3.3 (pip install ndeflib==0.3.3), independent of labelgate's codec.

Each file: {"source": ..., "hex": <encoded NDEF message>, "records": [{"tnf": n, "type": hex, "id": hex,
"payload": hex, "uri"?: str, "text"?: str, "language"?: str}]}
"""
import json
import os
import sys

import ndef

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "ndef")

CASES = {
    "uri-https.json": [ndef.UriRecord("https://labelgate.org/verify")],
    "uri-tel.json": [ndef.UriRecord("tel:+41441234567")],
    "uri-no-prefix.json": [ndef.UriRecord("urn:isbt:W1234")],
    "text-en.json": [ndef.TextRecord("Cell therapy bag", "en")],
    "text-utf16.json": [ndef.TextRecord("Zelltherapie-Beutel ü", "de", "UTF-16")],
    "mime.json": [ndef.Record("text/plain", "", b"hello")],
    "external.json": [ndef.Record("urn:nfc:ext:labelgate.org:claim", "", bytes(range(30)))],
    "long-record.json": [ndef.Record("application/octet-stream", "", bytes(i % 251 for i in range(300)))],
    "with-id.json": [ndef.Record("urn:nfc:wkt:U", "r1", b"\x04example.com")],
    "multi.json": [ndef.UriRecord("https://labelgate.org"), ndef.TextRecord("bag 1", "en"),
                   ndef.Record("urn:nfc:ext:labelgate.org:claim", "", b"\x01\x02\x03")],
}

TNF = {"urn:nfc:wkt:": 1, "urn:nfc:ext:": 4}


def describe(record):
    if record.type.startswith("urn:nfc:wkt:"):
        tnf, rtype = 1, record.type[len("urn:nfc:wkt:"):]
    elif record.type.startswith("urn:nfc:ext:"):
        tnf, rtype = 4, record.type[len("urn:nfc:ext:"):]
    else:
        tnf, rtype = 2, record.type
    entry = {"tnf": tnf, "type": rtype.encode().hex(), "id": record.name.encode().hex(), "payload": record.data.hex()}
    if isinstance(record, ndef.UriRecord):
        entry["uri"] = record.iri
    if isinstance(record, ndef.TextRecord):
        entry["text"] = record.text
        entry["language"] = record.language
    return entry


def main():
    for name, records in CASES.items():
        data = b"".join(ndef.message_encoder(records))
        decoded = list(ndef.message_decoder(data))
        body = {"source": "ndeflib 0.3.3 message_encoder", "hex": data.hex(), "records": [describe(r) for r in decoded]}
        with open(os.path.join(OUT, name), "w") as handle:
            json.dump(body, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
