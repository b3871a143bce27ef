#!/usr/bin/env python3
"""Two live agencies over loopback, once per store mode in one run: manifests per second
through wrk with latency, and submit-to-assessment latency at a steady submission rate.

Modes (`--modes`, in this order by default):
  sqlite-single  SQLite, group commit off (PAXSIM_GROUP_COMMIT=off: one transaction and one
                 fsync per event, as before group commit): the "before" figures.
  sqlite-group   SQLite with group commit (the default build's behaviour): the "after" figures.
  postgres-1     US-CBP on PostgreSQL, one instance (SV-DGME stays on SQLite: its audit log
                 gives the latencies).
  postgres-2     US-CBP as two instances on one PostgreSQL database; SV-DGME lists both URLs
                 (client-side failover, both in use only when one fails: the steady rate runs
                 on one); wrk splits its connections between the two instances (two wrk
                 processes at once: requests/s summed, the higher p50/p99 of the two shown).
  The PostgreSQL modes start a throwaway cluster (initdb in a temporary directory, a free
  loopback port; run as the `postgres` user when this runs as root) and stop it at the end.
  Modes not defined in `STORES` below are refused with a message.

For each mode two `paxsim agency serve` processes (release build) start on 127.0.0.1 with fresh
keys, a watch list with planted subjects and fresh databases in a temporary directory, then:

1. Steady rate: N manifests of T travellers (`paxsim generate`, SAL -> IAH) handed to SV-DGME
   with `paxsim agency submit` at R manifests/s (one batch of R each second); SV-DGME signs and
   sends each to US-CBP, which acknowledges, screens every traveller and sends a signed risk
   assessment back. Prints p50/p99 latency per manifest from SV-DGME's own audit log: its first
   `message-out` of the manifest to the `message-in` of the assessment (one clock, one database).
2. wrk: W distinct manifests of 20 travellers, signed here in Python with SV-DGME's key
   (cryptography's Ed25519, following PAXSIM-SIG-1 in Sources/PaxExchange/SignedMessage.swift),
   POSTed to US-CBP's /messages by wrk (Lua rotates through them). Prints requests/s, latency
   percentiles, and how many requests were first deliveries (processed) versus duplicates.

For both phases it also prints the CPU (user + system, from /proc) the agency processes used,
per manifest: on a machine shared with other work that figure stays comparable between runs
when requests/s and latencies do not.

    python3 Benchmarks/live_exchange.py [--modes sqlite-single,sqlite-group,postgres-1,postgres-2] [--manifests 300]
        [--travelers 200] [--rate 50] [--wrk-messages 6000] [--wrk-seconds 5] [--paxsim .build/release/paxsim]

Needs: wrk (Debian package `wrk`), Python `cryptography`; for the PostgreSQL modes the server
programs (Debian `postgresql`, /usr/lib/postgresql/*/bin).
"""
import argparse, base64, hashlib, json, os, re, shutil, socket, sqlite3, subprocess, sys, tempfile, time
from datetime import datetime, timezone
from benchlib import allocator, free_port, run, percentile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

class Cluster:
    """A throwaway PostgreSQL cluster on a free loopback port, for the PostgreSQL modes."""

    def __init__(self):
        roots = sorted((d for d in os.listdir("/usr/lib/postgresql") if d.isdigit()), key=int, reverse=True) \
            if os.path.isdir("/usr/lib/postgresql") else []
        if not roots:
            sys.exit("PostgreSQL server programs not found in /usr/lib/postgresql/*/bin: apt-get install -y postgresql")
        self.bin = f"/usr/lib/postgresql/{roots[0]}/bin"
        self.dir = tempfile.mkdtemp(prefix="paxsim-live-bench-pg-")
        self.port = free_port()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            run(["chown", "postgres:postgres", self.dir])
        run(self.as_postgres + [f"{self.bin}/initdb", "-D", f"{self.dir}/data", "-U", "postgres", "--auth=trust",
                                "-E", "UTF8", "--locale=C"])
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c max_connections=200"
        run(self.as_postgres + [f"{self.bin}/pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/server.log",
                                "-o", options, "-w", "start"])
        self.databases = {}

    def database(self, name):
        """The URL of database `name`, created on first use."""
        if name not in self.databases:
            run([f"{self.bin}/createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name])
            self.databases[name] = f"postgres://postgres@127.0.0.1:{self.port}/{name}"
        return self.databases[name]

    def count(self, name, sql):
        return int(run([f"{self.bin}/psql", "-X", "-A", "-t", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                        "-d", name, "-c", sql]).stdout.strip() or 0)

    def stop(self):
        subprocess.run(self.as_postgres + [f"{self.bin}/pg_ctl", "-D", f"{self.dir}/data", "-m", "fast", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


CLUSTER = []


def cluster():
    if not CLUSTER:
        CLUSTER.append(Cluster())
    return CLUSTER[0]


def postgres_store(work, agency):
    """US-CBP on PostgreSQL (one database per mode run), SV-DGME on SQLite."""
    if agency == "SV-DGME":
        return (f"{agency}.sqlite", {})
    return (cluster().database("us_cbp_" + re.sub(r"[^a-z0-9]", "_", os.path.basename(work).lower())), {})


# Store modes: how each agency's configuration names its database, and the environment of its
# process; `INSTANCES` gives the modes that run US-CBP as more than one instance.
STORES = {
    "sqlite-single": lambda work, agency: (f"{agency}.sqlite", {"PAXSIM_GROUP_COMMIT": "off"}),
    "sqlite-group": lambda work, agency: (f"{agency}.sqlite", {}),
    "postgres-1": postgres_store,
    "postgres-2": postgres_store,
}
INSTANCES = {"postgres-2": 2}


def us_count(database, work, sql):
    """A count from US-CBP's store: its SQLite file, or its PostgreSQL database."""
    if database.startswith("postgres://"):
        return cluster().count(database.rsplit("/", 1)[1], sql.replace("details LIKE", "details::text LIKE"))
    with sqlite3.connect(f"file:{work}/{database}?mode=ro", uri=True) as c:
        return c.execute(sql).fetchone()[0]


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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--modes", default="sqlite-single,sqlite-group")
    ap.add_argument("--manifests", type=int, default=300)
    ap.add_argument("--travelers", type=int, default=200)
    ap.add_argument("--rate", type=int, default=50, help="manifests handed to SV-DGME per second")
    ap.add_argument("--wrk-messages", type=int, default=6000)
    ap.add_argument("--wrk-travelers", type=int, default=20)
    ap.add_argument("--wrk-seconds", type=int, default=5)
    ap.add_argument("--wrk-connections", type=int, default=16)
    ap.add_argument("--paxsim", default=None)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    modes = [m for m in args.modes.split(",") if m]
    unknown = [m for m in modes if m not in STORES]
    if unknown:
        sys.exit(f"unknown mode(s) {', '.join(unknown)}; defined: {', '.join(STORES)}")

    paxsim = args.paxsim
    if paxsim is None:
        subprocess.run(["swift", "build", "-c", "release", "--product", "paxsim"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        paxsim = os.path.join(run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT).stdout.strip(), "paxsim")
    inputs = tempfile.mkdtemp(prefix="paxsim-live-bench-inputs-")
    try:
        # The same manifests for every mode: batches of `rate` (one directory per second) and wrk's set.
        run([paxsim, "generate", "--seed", "1", "--flights", str(args.manifests), "--travelers", str(args.travelers),
             "--from", "SAL", "--to", "IAH", "--out", f"{inputs}/all", "--watchlist-out", f"{inputs}/watchlist.xml",
             "--plant", str(max(1, args.manifests // 10)), "--quiet"])
        names = sorted(n for n in os.listdir(f"{inputs}/all") if n.endswith(".xml"))
        batches = []
        for b in range(0, len(names), args.rate):
            d = f"{inputs}/batch-{b // args.rate:04d}"
            os.makedirs(d)
            for n in names[b:b + args.rate]:
                os.rename(f"{inputs}/all/{n}", f"{d}/{n}")
            batches.append(d)
        wrk_ok = shutil.which("wrk") is not None
        if wrk_ok:
            run([paxsim, "generate", "--seed", "2", "--flights", str(args.wrk_messages), "--travelers", str(args.wrk_travelers),
                 "--from", "SAL", "--to", "IAH", "--out", f"{inputs}/wrk", "--quiet"])
        results = []
        for mode in modes:
            results.append((mode, run_mode(mode, paxsim, inputs, batches, wrk_ok, args)))
        print()
        print(f"summary ({paxsim}, {allocator(paxsim)}):")
        print(f"  {'mode':<14} {'wrk req/s':>10} {'wrk p50':>9} {'wrk p99':>9} {'firsts':>7} {'CPU ms/msg':>10}   "
              f"{'rate':>6} {'submit->assessment p50':>23} {'p99':>8} {'CPU ms/msg':>10}")
        for mode, r in results:
            print(f"  {mode:<14} {r.get('rps', '-'):>10} {r.get('wrk_p50', '-'):>9} {r.get('wrk_p99', '-'):>9} "
                  f"{r.get('firsts', '-'):>7} {r.get('wrk_cpu', '-'):>10}   {args.rate:>4}/s {r.get('p50', '-'):>23} "
                  f"{r.get('p99', '-'):>8} {r.get('steady_cpu', '-'):>10}")
        print("  CPU ms/msg: user + system CPU of all the agency processes (both agencies, every instance) per manifest in")
        print("  that phase (wrk: per first-time manifest), from /proc: robust to other load, unlike requests/s.")
    finally:
        if args.keep:
            print(f"kept {inputs}")
        else:
            shutil.rmtree(inputs, ignore_errors=True)
        for c in CLUSTER:
            c.stop()


def run_mode(mode, paxsim, inputs, batches, wrk_ok, args):
    print(f"== {mode}")
    work = tempfile.mkdtemp(prefix=f"paxsim-live-bench-{mode}-")
    procs = []
    result = {}
    try:
        os.makedirs(f"{work}/keys")
        for agency in ("SV-DGME", "US-CBP"):
            run([paxsim, "keys", "generate", "--agency", agency, "--out", f"{work}/keys"])
        instances = INSTANCES.get(mode, 1)
        us_ports = [free_port() for _ in range(instances)]
        ports = {"SV-DGME": free_port(), "US-CBP": us_ports[0]}
        territory = {"SV-DGME": ["SAL"], "US-CBP": ["IAH"]}
        envs = {}
        databases = {}
        # (name, config file, agency): SV-DGME, then each US-CBP instance.
        servers = [("SV-DGME", "SV-DGME.json", "SV-DGME")] + \
                  [(f"US-CBP-{i + 1}", f"US-CBP-{i + 1}.json", "US-CBP") for i in range(instances)]
        for name, file, agency in servers:
            peer = "US-CBP" if agency == "SV-DGME" else "SV-DGME"
            database, env = STORES[mode](work, agency)
            envs[name] = env
            databases[agency] = database
            peer_urls = [f"http://127.0.0.1:{p}" for p in us_ports] if peer == "US-CBP" else [f"http://127.0.0.1:{ports[peer]}"]
            config = {
                "agency": agency, "territory": territory[agency],
                "listen": {"host": "127.0.0.1", "port": ports["SV-DGME"] if agency == "SV-DGME" else us_ports[int(name[-1]) - 1]},
                "database": database, "privateKey": f"keys/{agency}.key", "watchList": f"{inputs}/watchlist.xml",
                "peers": [{"agency": peer, "urls": peer_urls, "publicKey": f"keys/{peer}.pub", "territory": territory[peer]}],
                "limits": {"maxBodyBytes": 16 << 20, "ratePerPeer": {"perSecond": 100000, "burst": 100000}},
                "timing": {"retryBaseMilliseconds": 500, "retryCapMilliseconds": 5000, "maxAttempts": 20},
            }
            if agency == "US-CBP":
                config["instance"] = f"us-{name[-1]}"
            json.dump(config, open(f"{work}/{file}", "w"))
        for name, file, agency in servers:
            p = subprocess.Popen([paxsim, "agency", "serve", "--config", f"{work}/{file}", "--log-level", "error"],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                 env={**os.environ, **envs[name]})
            procs.append(p)
            # The operator endpoint is announced first, then the peer listener.
            lines = [p.stdout.readline() for _ in range(2)]
            if not any("listening on" in line for line in lines):
                sys.exit(f"{name} did not start: {lines}")

        names = [name for name, _, _ in servers]
        # 1. Steady rate: one batch of `rate` manifests handed to SV-DGME each second.
        cpu_before = cpu_seconds(procs)
        io_before = written_bytes(procs)
        sv_db = f"{work}/SV-DGME.sqlite"
        total = sum(len(os.listdir(b)) for b in batches)
        start = time.time()
        submits = []
        for i, batch in enumerate(batches):
            # At most two submit processes at a time: a slow agency lowers the rate (reported
            # below as when submission was done) instead of piling up operator connections.
            if i >= 2:
                _, err = submits[i - 2].communicate()
                if submits[i - 2].returncode != 0:
                    sys.exit(f"agency submit failed: {err}")
            delay = start + i - time.time()
            if delay > 0:
                time.sleep(delay)
            submits.append(subprocess.Popen([paxsim, "agency", "submit", "--config", f"{work}/SV-DGME.json",
                                             "--concurrency", "4", batch], stdout=subprocess.DEVNULL,
                                            stderr=subprocess.PIPE, text=True))
        for s in submits[-2:]:
            _, err = s.communicate()
            if s.returncode != 0:
                sys.exit(f"agency submit failed: {err}")
        submitted = time.time()
        while states(sv_db).get("assessed", 0) < total:
            if time.time() - start > 1800:
                sys.exit(f"timed out: {states(sv_db)}")
            time.sleep(0.05)
        elapsed = time.time() - start
        result["steady_cpu"] = cpu_report("the steady rate", procs, names, cpu_before, cpu_seconds(procs), total)
        result["steady_written"] = written_report("the steady rate", procs, names, io_before, written_bytes(procs), total)
        with sqlite3.connect(f"file:{sv_db}?mode=ro", uri=True) as c:
            sent = dict(c.execute("SELECT message_id, min(recorded_at_ms) FROM audit_log WHERE kind = 'message-out' "
                                  "AND details LIKE '%\"attempt\":\"1\"%' GROUP BY message_id").fetchall())
            assessed = dict(c.execute("SELECT message_id, min(recorded_at_ms) FROM audit_log WHERE kind = 'message-in' "
                                      "AND details LIKE '%assessment-accepted%' GROUP BY message_id").fetchall())
        latencies = [assessed[f"US-CBP:RA:{mid}"] - sent[mid] for mid in sent if f"US-CBP:RA:{mid}" in assessed]
        print(f"  steady rate: {total} manifests x {args.travelers} travellers handed in at {args.rate}/s "
              f"(submission done at {submitted - start:.2f} s), all assessed at {elapsed:.2f} s")
        if latencies:
            result["p50"] = f"{percentile(latencies, 50)} ms"
            result["p99"] = f"{percentile(latencies, 99)} ms"
            print(f"  submit-to-assessment latency over {len(latencies)} manifests: p50 {percentile(latencies, 50)} ms, "
                  f"p99 {percentile(latencies, 99)} ms, max {max(latencies)} ms")

        # 2. wrk against US-CBP's /messages with distinct signed manifests.
        if not wrk_ok:
            print("  wrk: not installed (apt-get install wrk); skipped")
            return result
        key = load_private_key(f"{work}/keys/SV-DGME.key")
        now = int(time.time() * 1000)
        entries = []
        for name in sorted(os.listdir(f"{inputs}/wrk")):
            if not name.endswith(".xml"):
                continue
            body = open(f"{inputs}/wrk/{name}", "rb").read()
            mid = body.split(b"<MessageId>")[1].split(b"</MessageId>")[0].decode()
            created = wire_time(now)
            digest = hashlib.sha256(body).hexdigest()
            sig = key.sign(signing_input([mid, "", "SV-DGME", "US-CBP", created, "1.0", digest]))
            headers = {"Pax-Message-Id": mid, "Pax-Correlation-Id": "", "Pax-Sender": "SV-DGME", "Pax-Receiver": "US-CBP",
                       "Pax-Created-At": created, "Pax-Schema-Version": "1.0", "Pax-Payload-Digest": digest,
                       "Pax-Signature": base64.b64encode(sig).decode(), "Pax-Payload-Length": str(len(body)),
                       "Content-Type": "application/xml"}
            entries.append((headers, body))
        # One script per US-CBP instance, each with its own share of the manifests (two
        # instances must not be sent the same ones, or they measure each other's duplicates).
        luas = []
        for index in range(len(us_ports)):
            lua = f"{work}/wrk-{index}.lua"
            with open(lua, "w") as f:
                f.write("local requests = {}\n")
                for headers, body in entries[index::len(us_ports)]:
                    hs = ", ".join(f'["{k}"] = "{v}"' for k, v in headers.items())
                    f.write(f"requests[#requests + 1] = wrk.format('POST', '/messages', {{{hs}}}, {lua_string(body)})\n")
                # Each wrk thread has its own Lua state: thread k sends requests k, k+T, k+2T, ...
                f.write("local threads = 0\n"
                        "function setup(thread)\n  thread:set('offset', threads)\n  threads = threads + 1\nend\n"
                        "local i = 0\n"
                        "request = function()\n  local k = i * 2 + (offset or 0)\n  i = i + 1\n"
                        "  return requests[k % #requests + 1]\nend\n")
            luas.append(lua)
        us_db = databases["US-CBP"]
        accepted_sql = "SELECT count(*) FROM audit_log WHERE kind = 'message-in' AND details LIKE '%manifest-accepted%'"
        duplicate_sql = "SELECT count(*) FROM audit_log WHERE kind = 'message-in' AND details LIKE '%duplicate-suppressed%'"
        firsts_before = us_count(us_db, work, accepted_sql)
        cpu_before = cpu_seconds(procs)
        # One wrk per US-CBP instance, at once, the connections split between them.
        connections = max(1, args.wrk_connections // len(us_ports))
        wrks = [subprocess.Popen(["wrk", "-t", "2" if len(us_ports) == 1 else "1", "-c", str(connections), "-d",
                                  f"{args.wrk_seconds}s", "--latency", "-s", lua, f"http://127.0.0.1:{port}"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for port, lua in zip(us_ports, luas)]
        outs = []
        for w in wrks:
            out, err = w.communicate()
            if w.returncode != 0:
                sys.exit(f"wrk failed: {err}")
            outs.append(out)
        for port, out in zip(us_ports, outs):
            print(f"  wrk -c {connections} -d {args.wrk_seconds}s, POST /messages on US-CBP at port {port}, "
                  f"{len(entries) // len(us_ports)} distinct signed manifests of {args.wrk_travelers} travellers:")
            print("\n".join("    " + l for l in out.strip().splitlines()))
        cpu_after = cpu_seconds(procs)
        firsts = us_count(us_db, work, accepted_sql)
        result["wrk_cpu"] = cpu_report("wrk", procs, names, cpu_before, cpu_after, firsts - firsts_before)
        dups = us_count(us_db, work, duplicate_sql)
        print(f"  US-CBP processed {firsts - firsts_before} wrk manifests first time and answered {dups} duplicates from its inbox")
        rates = [float(m.group(1)) for out in outs if (m := re.search(r"Requests/sec:\s+([\d.]+)", out))]
        if rates:
            result["rps"] = f"{sum(rates):.2f}"
        for label, key_ in (("50%", "wrk_p50"), ("99%", "wrk_p99")):
            found = [m.group(1) for out in outs if (m := re.search(rf"^\s+{label}\s+(\S+)", out, re.M))]
            if found:
                result[key_] = max(found, key=wrk_milliseconds)
        result["firsts"] = str(firsts - firsts_before)
        return result
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        if args.keep:
            print(f"  kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def cpu_seconds(procs):
    """User + system CPU seconds each process has used so far (Linux /proc), by pid; 0 when unreadable."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = {}
    for p in procs:
        try:
            fields = open(f"/proc/{p.pid}/stat").read().rsplit(")", 1)[1].split()
            used[p.pid] = (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, IndexError, ValueError):
            used[p.pid] = 0.0
    return used


def written_bytes(procs):
    """Bytes each process has caused to be written to storage so far (`write_bytes` of /proc/PID/io,
    counted when a page is dirtied), by pid; 0 when unreadable."""
    written = {}
    for p in procs:
        try:
            fields = dict(line.split(": ") for line in open(f"/proc/{p.pid}/io").read().splitlines())
            written[p.pid] = int(fields["write_bytes"])
        except (OSError, KeyError, ValueError):
            written[p.pid] = 0
    return written


def written_report(label, procs, names, before, after, count):
    """Prints the storage bytes each agency wrote between two `written_bytes` readings, per manifest."""
    parts = [f"{name} {(after[p.pid] - before[p.pid]) / max(1, count) / 1024:.0f} KB" for p, name in zip(procs, names)]
    print(f"  written to storage during {label} (/proc/PID/io write_bytes), per manifest: {', '.join(parts)}")
    return ", ".join(parts)


def cpu_report(label, procs, names, before, after, count):
    """Prints the CPU the agencies used between two `cpu_seconds` readings, in total and per manifest."""
    parts = []
    total = 0.0
    for p, name in zip(procs, names):
        spent = after[p.pid] - before[p.pid]
        total += spent
        parts.append(f"{name} {spent:.2f} s")
    per = f"{1000 * total / count:.2f}" if count else "-"
    print(f"  CPU of the agencies during {label}: {', '.join(parts)}; {per} ms per manifest ({count} manifests)")
    return per


def wrk_milliseconds(text):
    """wrk's latency text (`812.00us`, `3.20ms`, `1.05s`) in milliseconds, to compare two runs."""
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if not m:
        return 0.0
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[m.group(2)]


def lua_string(data):
    # A Lua long string cannot hold "]=]" here; XML from the generator never contains it.
    text = data.decode()
    assert "]==]" not in text
    return "[==[" + text + "]==]"


if __name__ == "__main__":
    main()
