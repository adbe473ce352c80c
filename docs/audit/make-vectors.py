#!/usr/bin/env python3
"""Writes audit-tree-vectors.json: SealGate audit entries, their leaf encodings and hashes, the
Merkle tree heads of every prefix, inclusion and consistency proofs, and a tree head statement.

An implementation of docs/audit/README.md written from the text alone (Python standard library
only), kept beside the vectors: the Java test AuditTreeVectorsTest checks that SealGate's code
reproduces every value, so the text, this program and the code agree."""
import hashlib
import json
import struct
import sys
from datetime import datetime, timezone


def canonical(fields):
    out = b""
    for f in fields:
        if f is None:
            out += struct.pack(">i", -1)
        else:
            b = f.encode("utf-8")
            out += struct.pack(">I", len(b)) + b
    return out


def sha256(b):
    return hashlib.sha256(b).digest()


def iso(ms):
    t = datetime.fromtimestamp(ms / 1000, tz=timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)


def chain_fields(e):
    return [str(e["seq"]), str(e["timeMillis"]), e["actorSubject"], e["actorUsername"], e["actorClient"], e["action"],
            e["objectType"], e["objectId"], e["documentDigest"], e["outcome"]]


def leaf_encoding(e):
    if e["version"] == 1:
        return canonical(["sealgate-audit-entry-v1"] + chain_fields(e) + [e["prevHash"], e["hash"]])
    return canonical(["sealgate-audit-entry-v2", e["id"], str(e["timeMillis"]), e["actorSubject"], e["actorUsername"],
                      e["actorClient"], e["action"], e["objectType"], e["objectId"], e["documentDigest"], e["outcome"]])


def leaf_hash(encoding):
    return sha256(b"\x00" + encoding)


def node(left, right):
    return sha256(b"\x01" + left + right)


def split(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(leaves):
    if not leaves:
        return sha256(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = split(len(leaves))
    return node(mth(leaves[:k]), mth(leaves[k:]))


def path(m, leaves):
    if len(leaves) <= 1:
        return []
    k = split(len(leaves))
    if m < k:
        return path(m, leaves[:k]) + [mth(leaves[k:])]
    return path(m - k, leaves[k:]) + [mth(leaves[:k])]


def subproof(m, leaves, whole):
    n = len(leaves)
    if m == n:
        return [] if whole else [mth(leaves)]
    k = split(n)
    if m <= k:
        return subproof(m, leaves[:k], whole) + [mth(leaves[k:])]
    return subproof(m - k, leaves[k:], False) + [mth(leaves[:k])]


def consistency(m, leaves):
    return subproof(m, leaves, True) if 0 < m < len(leaves) else []


def main(out):
    genesis = "0" * 64
    entries = [
        dict(version=1, id="v1-1", seq=1, timeMillis=1780300800123, actorSubject="f3c1a1e0-5b7e-4d0c-9a61-0c7f6f0b9d21",
             actorUsername="servant1", actorClient="backoffice", action="signature.create", objectType="signature",
             objectId="0b9f3c52-6a57-4ad2-8a55-2f3b1f0e4c11", documentDigest="9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
             outcome="signed"),
        dict(version=1, id="v1-2", seq=2, timeMillis=1780300805000, actorSubject=None, actorUsername=None, actorClient=None,
             action="GET /api/v1/audit/verify", objectType=None, objectId=None, documentDigest=None, outcome="denied"),
        dict(version=2, id="6d1c2b1e-8f0e-4a9b-b7a4-1f2e3d4c5b6a", seq=3, timeMillis=1780300810456,
             actorSubject="0e4f5c1d-2b3a-4c5d-8e9f-a1b2c3d4e5f6", actorUsername="service-account-partner-health-commission",
             actorClient="partner-health-commission", action="share.release", objectType="disclosure",
             objectId="c0ffee00-1234-4abc-8def-0123456789ab", documentDigest="e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
             outcome="released"),
        dict(version=2, id="a7e9b0c2-3d4f-4e5a-9b6c-7d8e9f0a1b2c", seq=4, timeMillis=1780300811000,
             actorSubject="f3c1a1e0-5b7e-4d0c-9a61-0c7f6f0b9d21", actorUsername="servant4", actorClient="backoffice",
             action="seal-request.create", objectType="seal-request", objectId="5e0b8a8c-1f2d-4c3b-a4e5-f6a7b8c9d0e1",
             documentDigest=None, outcome="pending; 卫生许可证 health licence"),
        dict(version=2, id="1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9", seq=5, timeMillis=1780300812999,
             actorSubject=None, actorUsername="sealgate:seal-request-expiry", actorClient=None, action="seal-request.expire",
             objectType="seal-request", objectId="5e0b8a8c-1f2d-4c3b-a4e5-f6a7b8c9d0e1", documentDigest=None, outcome="expired"),
    ]
    previous = genesis
    for e in entries:
        e["time"] = iso(e["timeMillis"])
        if e["version"] == 1:
            e["prevHash"] = previous
            e["hash"] = sha256(bytes.fromhex(previous) + canonical(chain_fields(e))).hex()
            previous = e["hash"]
        else:
            e["prevHash"] = None
            e["hash"] = None
        enc = leaf_encoding(e)
        e["leafEncoding"] = enc.hex()
        e["leafHash"] = leaf_hash(enc).hex()
    leaves = [bytes.fromhex(e["leafHash"]) for e in entries]
    n = len(leaves)
    roots = [{"treeSize": size, "rootHash": mth(leaves[:size]).hex()} for size in range(0, n + 1)]
    inclusion = [{"leafIndex": i, "treeSize": size, "proof": [h.hex() for h in path(i, leaves[:size])]}
                 for size in range(1, n + 1) for i in range(size)]
    consistent = [{"from": m, "to": size, "proof": [h.hex() for h in consistency(m, leaves[:size])]}
                  for size in range(1, n + 1) for m in range(1, size + 1)]
    created = 1780300813250
    head = {"treeSize": n, "rootHash": roots[n]["rootHash"], "createdAt": iso(created), "createdAtMillis": created}
    head["statement"] = canonical(["sealgate-audit-tree-head-v1", str(n), head["rootHash"], str(created)]).hex()
    doc = {
        "description": "SealGate audit tree test vectors: see docs/audit/README.md. All hashes SHA-256, lower-case hex.",
        "entries": entries, "roots": roots, "inclusion": inclusion, "consistency": consistent, "treeHead": head,
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "audit-tree-vectors.json")
