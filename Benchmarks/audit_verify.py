#!/usr/bin/env python3
"""Independent check of the audit-chain format, and `paxsim audit verify` throughput.

Builds an agency database of N audit records with Python's sqlite3 and hashlib, following the
format documented in Sources/PaxServer/Audit/AuditChain.swift (netstrings after the tag
`paxsim-audit-v1,`), then times `paxsim audit verify` on it (must exit 0), alters one record
and checks that paxsim names it (exit 1).

    python3 Benchmarks/audit_verify.py [--records N] [--paxsim .build/release/paxsim]
"""
import argparse, hashlib, json, os, sqlite3, subprocess, tempfile, time

def netstring(value):
    if value is None:
        return b"~,"
    data = value.encode()
    return str(len(data)).encode() + b":" + data + b","

def record_hash(seq, ms, kind, actor, message_id, ref, details, prev):
    encoded = b"paxsim-audit-v1," + b"".join(
        netstring(v) for v in [str(seq), str(ms), kind, actor, message_id, ref, details, prev])
    return hashlib.sha256(encoded).hexdigest()

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--paxsim", default=".build/debug/paxsim")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "agency.sqlite")
        db = sqlite3.connect(path)
        db.execute("PRAGMA application_id = %d" % 0x50415853)
        db.execute("""CREATE TABLE audit_log (sequence INTEGER PRIMARY KEY, recorded_at_ms INTEGER NOT NULL,
            kind TEXT NOT NULL, actor TEXT NOT NULL, message_id TEXT, traveller_ref TEXT, details TEXT NOT NULL,
            prev_hash TEXT NOT NULL, hash TEXT NOT NULL)""")
        db.execute("CREATE INDEX audit_log_hash ON audit_log(hash)")
        prev = "0" * 64
        rows = []
        for seq in range(1, args.records + 1):
            ms = 1_790_000_000_000 + seq
            kind = ["message-in", "message-out", "traveller-data-access"][seq % 3]
            details = json.dumps({"bytes": str(seq * 7), "purpose": "screening"}, sort_keys=True, separators=(",", ":"))
            ref = None if seq % 2 else "T%d" % seq
            h = record_hash(seq, ms, kind, "SV-DGME", "msg-%d" % seq, ref, details, prev)
            rows.append((seq, ms, kind, "SV-DGME", "msg-%d" % seq, ref, details, prev, h))
            prev = h
        db.executemany("INSERT INTO audit_log VALUES (?,?,?,?,?,?,?,?,?)", rows)
        db.commit()
        start = time.perf_counter()
        ok = subprocess.run([args.paxsim, "audit", "verify", path], capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        print(ok.stdout.strip())
        assert ok.returncode == 0, ok.stdout + ok.stderr
        assert "intact: %d records, head %d:%s" % (args.records, args.records, prev) in ok.stdout
        print("verified %d records in %.2f s (%.0f records/s, including process start)" % (args.records, elapsed, args.records / elapsed))
        target = args.records // 2
        db.execute("UPDATE audit_log SET details = '{}' WHERE sequence = ?", (target,))
        db.commit()
        bad = subprocess.run([args.paxsim, "audit", "verify", path], capture_output=True, text=True)
        print(bad.stdout.strip())
        assert bad.returncode == 1 and ("BROKEN at record %d: altered" % target) in bad.stdout, bad.stdout + bad.stderr
        print("ok: Python-built chain accepted, altered record %d found" % target)

main()
