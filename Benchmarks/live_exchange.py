#!/usr/bin/env python3
"""Two live agencies over loopback: manifests per second end to end, submit-to-assessment
latency, and an HTTP load tool (wrk) against the submit endpoint.

Starts two `paxsim agency serve` processes (release build) on 127.0.0.1 with fresh keys, a
watch list with planted subjects, and SQLite databases in a temporary directory, then:

1. End to end: hands N manifests of T travellers (from `paxsim generate`, SAL -> IAH) to
   SV-DGME with `paxsim agency submit`; SV-DGME signs and sends each to US-CBP, which
   acknowledges, screens every traveller and sends a signed risk assessment back. Prints
   manifests/s (first submit to last assessment) and p50/p99 latency per manifest, from
   SV-DGME's own audit log: its first `message-out` of the manifest to the `message-in` of the
   assessment (both stamped by the same clock, in the same database).
2. wrk: W distinct manifests, signed here in Python with SV-DGME's key (cryptography's
   Ed25519, following PAXSIM-SIG-1 in Sources/PaxExchange/SignedMessage.swift), POSTed to
   US-CBP's /messages by wrk (Lua rotates through them). Prints wrk's requests/s and latency,
   and how many requests were first deliveries (answered 200, processed) versus duplicates
   (once wrk has cycled through all W, answered from the inbox).

    python3 Benchmarks/live_exchange.py [--manifests 300] [--travelers 200] [--wrk-messages 3000]
        [--wrk-seconds 10] [--paxsim .build/release/paxsim]

Needs: wrk (Debian package `wrk`), Python `cryptography`.
"""
import argparse, base64, hashlib, json, os, shutil, socket, sqlite3, statistics, subprocess, sys, tempfile, time
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def states(db):
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        return dict(c.execute("SELECT state, count(*) FROM exchange_manifest GROUP BY state").fetchall())


def wire_time(ms):
    t = datetime.fromtimestamp(ms / 1000, tz=timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def signing_input(fields):
    out = b"PAXSIM-SIG-1\x00"
    for f in fields:
        data = f.encode()
        out += len(data).to_bytes(4, "big") + data
    return out


def load_private_key(path):
    from cryptography.hazmat.primitives import serialization
    text = open(path).read()
    pem = text[text.index("-----BEGIN"):]
    return serialization.load_pem_private_key(pem.encode(), password=None)


def percentile(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100 * (len(values) - 1)))))
    return values[k]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--manifests", type=int, default=300)
    ap.add_argument("--travelers", type=int, default=200)
    ap.add_argument("--wrk-messages", type=int, default=3000)
    ap.add_argument("--wrk-travelers", type=int, default=20)
    ap.add_argument("--wrk-seconds", type=int, default=10)
    ap.add_argument("--wrk-connections", type=int, default=16)
    ap.add_argument("--paxsim", default=None)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()

    paxsim = args.paxsim
    if paxsim is None:
        subprocess.run(["swift", "build", "-c", "release", "--product", "paxsim"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        paxsim = os.path.join(run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT).stdout.strip(), "paxsim")
    work = tempfile.mkdtemp(prefix="paxsim-live-bench-")
    procs = []
    try:
        os.makedirs(f"{work}/keys")
        for agency in ("SV-DGME", "US-CBP"):
            run([paxsim, "keys", "generate", "--agency", agency, "--out", f"{work}/keys"])
        run([paxsim, "generate", "--seed", "1", "--flights", str(args.manifests), "--travelers", str(args.travelers),
             "--from", "SAL", "--to", "IAH", "--out", f"{work}/manifests", "--watchlist-out", f"{work}/watchlist.xml",
             "--plant", str(max(1, args.manifests // 10)), "--quiet"])
        ports = {"SV-DGME": free_port(), "US-CBP": free_port()}
        territory = {"SV-DGME": ["SAL"], "US-CBP": ["IAH"]}
        for agency, peer in (("SV-DGME", "US-CBP"), ("US-CBP", "SV-DGME")):
            config = {
                "agency": agency, "territory": territory[agency],
                "listen": {"host": "127.0.0.1", "port": ports[agency]},
                "database": f"{agency}.sqlite", "privateKey": f"keys/{agency}.key", "watchList": "watchlist.xml",
                "peers": [{"agency": peer, "url": f"http://127.0.0.1:{ports[peer]}", "publicKey": f"keys/{peer}.pub",
                           "territory": territory[peer]}],
                "limits": {"maxBodyBytes": 16 << 20, "ratePerPeer": {"perSecond": 100000, "burst": 100000}},
                "timing": {"retryBaseMilliseconds": 500, "retryCapMilliseconds": 5000, "maxAttempts": 20},
            }
            json.dump(config, open(f"{work}/{agency}.json", "w"))
        for agency in ("SV-DGME", "US-CBP"):
            p = subprocess.Popen([paxsim, "agency", "serve", "--config", f"{work}/{agency}.json", "--log-level", "error"],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            procs.append(p)
            # The operator endpoint is announced first, then the peer listener.
            lines = [p.stdout.readline() for _ in range(2)]
            if not any("listening on" in line for line in lines):
                sys.exit(f"{agency} did not start: {lines}")

        # 1. End to end.
        sv_db = f"{work}/SV-DGME.sqlite"
        start = time.time()
        run([paxsim, "agency", "submit", "--config", f"{work}/SV-DGME.json", "--concurrency", "16", f"{work}/manifests"])
        submitted = time.time()
        while states(sv_db).get("assessed", 0) < args.manifests:
            if time.time() - start > 1800:
                sys.exit(f"timed out: {states(sv_db)}")
            time.sleep(0.05)
        elapsed = time.time() - start
        with sqlite3.connect(f"file:{sv_db}?mode=ro", uri=True) as c:
            sent = dict(c.execute("SELECT message_id, min(recorded_at_ms) FROM audit_log WHERE kind = 'message-out' "
                                  "AND details LIKE '%\"attempt\":\"1\"%' GROUP BY message_id").fetchall())
            assessed = dict(c.execute("SELECT message_id, min(recorded_at_ms) FROM audit_log WHERE kind = 'message-in' "
                                      "AND details LIKE '%assessment-accepted%' GROUP BY message_id").fetchall())
        latencies = [assessed[ra] - sent[mid] for mid in sent if (ra := next((r for r in [f"US-CBP:RA:{mid}"] if r in assessed), None))]
        travellers = args.manifests * args.travelers
        print(f"end to end: {args.manifests} manifests x {args.travelers} travellers ({travellers} travellers) "
              f"in {elapsed:.2f} s (submission done at {submitted - start:.2f} s): "
              f"{args.manifests / elapsed:.1f} manifests/s, {travellers / elapsed:.0f} travellers/s")
        if latencies:
            print(f"submit-to-assessment latency over {len(latencies)} manifests: p50 {percentile(latencies, 50)} ms, "
                  f"p99 {percentile(latencies, 99)} ms, max {max(latencies)} ms")

        # 2. wrk against US-CBP's submit endpoint with distinct signed manifests.
        if shutil.which("wrk") is None:
            print("wrk: not installed (apt-get install wrk); skipped")
            return
        run([paxsim, "generate", "--seed", "2", "--flights", str(args.wrk_messages), "--travelers", str(args.wrk_travelers),
             "--from", "SAL", "--to", "IAH", "--out", f"{work}/wrk", "--quiet"])
        key = load_private_key(f"{work}/keys/SV-DGME.key")
        now = int(time.time() * 1000)
        entries = []
        for name in sorted(os.listdir(f"{work}/wrk")):
            if not name.endswith(".xml"):
                continue
            body = open(f"{work}/wrk/{name}", "rb").read()
            mid = body.split(b"<MessageId>")[1].split(b"</MessageId>")[0].decode()
            created = wire_time(now)
            digest = hashlib.sha256(body).hexdigest()
            sig = key.sign(signing_input([mid, "", "SV-DGME", "US-CBP", created, "1.0", digest]))
            headers = {"Pax-Message-Id": mid, "Pax-Correlation-Id": "", "Pax-Sender": "SV-DGME", "Pax-Receiver": "US-CBP",
                       "Pax-Created-At": created, "Pax-Schema-Version": "1.0", "Pax-Payload-Digest": digest,
                       "Pax-Signature": base64.b64encode(sig).decode(), "Pax-Payload-Length": str(len(body)),
                       "Content-Type": "application/xml"}
            entries.append((headers, body))
        lua = f"{work}/wrk.lua"
        with open(lua, "w") as f:
            f.write("local requests = {}\n")
            for headers, body in entries:
                hs = ", ".join(f'["{k}"] = "{v}"' for k, v in headers.items())
                f.write(f"requests[#requests + 1] = wrk.format('POST', '/messages', {{{hs}}}, {lua_string(body)})\n")
            # Each wrk thread has its own Lua state: thread k sends requests k, k+T, k+2T, ...
            f.write("local threads = 0\n"
                    "function setup(thread)\n  thread:set('offset', threads)\n  threads = threads + 1\nend\n"
                    "local i = 0\n"
                    "request = function()\n  local k = i * 2 + (offset or 0)\n  i = i + 1\n"
                    "  return requests[k % #requests + 1]\nend\n")
        out = run(["wrk", "-t", "2", "-c", str(args.wrk_connections), "-d", f"{args.wrk_seconds}s", "--latency", "-s", lua,
                   f"http://127.0.0.1:{ports['US-CBP']}"]).stdout
        print(f"wrk -t 2 -c {args.wrk_connections} -d {args.wrk_seconds}s, POST /messages on US-CBP, "
              f"{len(entries)} distinct signed manifests of {args.wrk_travelers} travellers:")
        print("\n".join("  " + l for l in out.strip().splitlines()))
        us_db = f"{work}/US-CBP.sqlite"
        with sqlite3.connect(f"file:{us_db}?mode=ro", uri=True) as c:
            firsts = c.execute("SELECT count(*) FROM audit_log WHERE kind = 'message-in' AND details LIKE '%manifest-accepted%'").fetchone()[0]
            dups = c.execute("SELECT count(*) FROM audit_log WHERE kind = 'message-in' AND details LIKE '%duplicate-suppressed%'").fetchone()[0]
        print(f"  US-CBP processed {firsts - args.manifests} wrk manifests first time and answered {dups} duplicates from its inbox")
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def lua_string(data):
    # A Lua long string cannot hold "]=]" here; XML from the generator never contains it.
    text = data.decode()
    assert "]==]" not in text
    return "[==[" + text + "]==]"


if __name__ == "__main__":
    main()
