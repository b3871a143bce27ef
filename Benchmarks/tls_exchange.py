#!/usr/bin/env python3
"""Plain HTTP beside mutual TLS, in one run: two live agencies over loopback, first without TLS,
then with TLS (a private CA and certificates from `paxsim keys generate --tls`); the same
manifests each time. Prints, per transport, manifests per second end to end and the
submit-to-assessment latency (p50, p99) from SV-DGME's audit log (as Benchmarks/live_exchange.py
does), then the cost of a new connection: N fresh connections, each sending `GET /health` and
reading the answer, with Python's ssl module (an independent client presenting SV-DGME's
certificate, TLS 1.3) against the TLS agency and plain sockets against the plain one.

    python3 Benchmarks/tls_exchange.py [--manifests 200] [--travelers 50] [--connections 300]
        [--paxsim .build/release/paxsim]

Without --paxsim it builds and uses the release binary. Needs only Python's standard library.
"""
import argparse, json, os, socket, sqlite3, ssl, statistics, subprocess, sys, tempfile, time
from benchlib import free_port, run, percentile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AGENCIES = ("SV-DGME", "US-CBP")
TERRITORY = {"SV-DGME": ["SAL"], "US-CBP": ["IAH"]}


def assessed(db):
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        return c.execute("SELECT count(*) FROM exchange_manifest WHERE state = 'assessed'").fetchone()[0]


def start_pair(paxsim, work, tls):
    os.makedirs(f"{work}/keys")
    for agency in AGENCIES:
        run([paxsim, "keys", "generate", "--agency", agency, "--out", f"{work}/keys"])
    if tls:
        run([paxsim, "keys", "generate", "--tls", "--ca", "--out", f"{work}/keys"])
        for agency in AGENCIES:
            run([paxsim, "keys", "generate", "--tls", "--agency", agency, "--issuer", f"{work}/keys/paxsim-ca",
                 "--out", f"{work}/keys"])
    ports = {agency: free_port() for agency in AGENCIES}
    scheme = "https" if tls else "http"
    for agency, peer in (AGENCIES, tuple(reversed(AGENCIES))):
        config = {
            "agency": agency, "territory": TERRITORY[agency],
            "listen": {"host": "127.0.0.1", "port": ports[agency]},
            "database": f"{agency}.sqlite", "privateKey": f"keys/{agency}.key", "watchList": "../watchlist.xml",
            "peers": [{"agency": peer, "url": f"{scheme}://127.0.0.1:{ports[peer]}", "publicKey": f"keys/{peer}.pub",
                       "territory": TERRITORY[peer]}],
            "limits": {"maxBodyBytes": 16 << 20, "ratePerPeer": {"perSecond": 100000, "burst": 100000},
                       "rateUnauthenticated": {"perSecond": 100000, "burst": 100000}},
            "timing": {"retryBaseMilliseconds": 500, "retryCapMilliseconds": 5000, "maxAttempts": 20},
        }
        if tls:
            config["tls"] = {"certificate": f"keys/{agency}.tls.crt", "privateKey": f"keys/{agency}.tls.key",
                             "peersCA": "keys/paxsim-ca.crt"}
        json.dump(config, open(f"{work}/{agency}.json", "w"))
    procs = []
    for agency in AGENCIES:
        p = subprocess.Popen([paxsim, "agency", "serve", "--config", f"{work}/{agency}.json", "--log-level", "error"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        procs.append(p)
        lines = [p.stdout.readline() for _ in range(2)]
        if not any("listening on" in line for line in lines):
            sys.exit(f"{agency} did not start: {lines}")
    return ports, procs


def exchange(paxsim, work, manifests, count):
    sv_db = f"{work}/SV-DGME.sqlite"
    start = time.time()
    run([paxsim, "agency", "submit", "--config", f"{work}/SV-DGME.json", "--concurrency", "16", manifests])
    while assessed(sv_db) < count:
        if time.time() - start > 1800:
            sys.exit("timed out")
        time.sleep(0.05)
    elapsed = time.time() - start
    with sqlite3.connect(f"file:{sv_db}?mode=ro", uri=True) as c:
        sent = dict(c.execute("SELECT message_id, min(recorded_at_ms) FROM audit_log WHERE kind = 'message-out' "
                              "AND details LIKE '%\"attempt\":\"1\"%' GROUP BY message_id").fetchall())
        back = dict(c.execute("SELECT message_id, min(recorded_at_ms) FROM audit_log WHERE kind = 'message-in' "
                              "AND details LIKE '%assessment-accepted%' GROUP BY message_id").fetchall())
    latencies = [back[f"US-CBP:RA:{mid}"] - sent[mid] for mid in sent if f"US-CBP:RA:{mid}" in back]
    return elapsed, latencies


def fresh_connections(port, n, context):
    """Milliseconds per new connection that sends GET /health and reads the whole answer."""
    request = b"GET /health HTTP/1.1\r\nHost: agency\r\nConnection: close\r\n\r\n"
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        raw = socket.create_connection(("127.0.0.1", port))
        # As HTTP clients do (AsyncHTTPClient, browsers): without it the request written right
        # after the client's Finished waits for a delayed ACK (40 ms on Linux), which would be
        # counted as handshake cost.
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn = context.wrap_socket(raw, server_hostname="us-cbp.agency.paxsim.invalid") if context else raw
        conn.sendall(request)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
        conn.close()
        times.append((time.perf_counter() - t0) * 1000)
        if not answer.startswith(b"HTTP/1.1 200"):
            sys.exit(f"unexpected answer: {answer[:80]!r}")
    return times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--manifests", type=int, default=200)
    ap.add_argument("--travelers", type=int, default=50)
    ap.add_argument("--connections", type=int, default=300)
    ap.add_argument("--paxsim", default=None)
    args = ap.parse_args()
    paxsim = args.paxsim
    if paxsim is None:
        subprocess.run(["swift", "build", "-c", "release", "--product", "paxsim"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        paxsim = os.path.join(run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT).stdout.strip(), "paxsim")
    root = tempfile.mkdtemp(prefix="paxsim-tls-bench-")
    run([paxsim, "generate", "--seed", "1", "--flights", str(args.manifests), "--travelers", str(args.travelers),
         "--from", "SAL", "--to", "IAH", "--out", f"{root}/manifests", "--watchlist-out", f"{root}/watchlist.xml",
         "--plant", str(max(1, args.manifests // 10)), "--quiet"])
    print(f"paxsim: {paxsim}; {args.manifests} manifests x {args.travelers} travellers each way SV-DGME -> US-CBP")
    connection_ms = {}
    for transport in ("plain HTTP", "mutual TLS"):
        tls = transport == "mutual TLS"
        work = f"{root}/{'tls' if tls else 'plain'}"
        os.makedirs(work)
        ports, procs = start_pair(paxsim, work, tls)
        try:
            elapsed, latencies = exchange(paxsim, work, f"{root}/manifests", args.manifests)
            print(f"{transport:>10}: {args.manifests / elapsed:7.1f} manifests/s, "
                  f"{args.manifests * args.travelers / elapsed:8.0f} travellers/s; submit-to-assessment "
                  f"p50 {percentile(latencies, 50)} ms, p99 {percentile(latencies, 99)} ms ({len(latencies)} manifests)")
            context = None
            if tls:
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
                context.minimum_version = ssl.TLSVersion.TLSv1_3
                context.load_verify_locations(f"{work}/keys/paxsim-ca.crt")
                context.load_cert_chain(f"{work}/keys/SV-DGME.tls.crt", f"{work}/keys/SV-DGME.tls.key")
            connection_ms[transport] = fresh_connections(ports["US-CBP"], args.connections, context)
        finally:
            for p in procs:
                p.terminate()
                p.wait(timeout=30)
    for transport, times in connection_ms.items():
        print(f"{transport:>10}: new connection + GET /health: mean {statistics.mean(times):.2f} ms, "
              f"p50 {percentile(times, 50):.2f} ms, p99 {percentile(times, 99):.2f} ms ({len(times)} connections)")
    if len(connection_ms) == 2:
        extra = statistics.median(connection_ms["mutual TLS"]) - statistics.median(connection_ms["plain HTTP"])
        print(f"handshake cost per new connection (median difference): {extra:.2f} ms")


if __name__ == "__main__":
    main()
