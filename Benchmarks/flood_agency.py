#!/usr/bin/env python3
"""One agency under a flood of forged requests while genuine traffic flows.

Starts two `paxsim agency serve` processes (release build) on 127.0.0.1 with fresh keys and
databases in a temporary directory. Genuine traffic: SV-DGME's operator hands it manifests
one at a time (`paxsim agency submit`, paced), SV-DGME signs and sends each to US-CBP, which
acknowledges, screens and sends a signed risk assessment back; the latency of each manifest
is SV-DGME's first `message-out` of it to the `message-in` of its assessment (one clock, one
database), as in live_exchange.py. This runs twice: quiet, then while F threads flood US-CBP's
/messages with forged requests (in SV-DGME's name, a random signature, 8 MiB bodies declared
and sent until the server closes the connection, a new connection each time) and H more
connections are opened and held without sending a byte.

Prints genuine p50/p99 quiet and under flood, the flood's request count and answers, US-CBP's
peak RSS in each phase (sampled from /proc every 50 ms) and the audit records the flood added
(summaries of refusals, written every `refusalSummarySeconds`; one more at shutdown).

Goals: genuine p99 under flood within 2x of quiet; peak RSS growth under 128 MiB; audit
records O(intervals), not O(requests).

    python3 Benchmarks/flood_agency.py [--manifests 60] [--travelers 20] [--flooders 32]
        [--held 64] [--summary-seconds 5] [--paxsim .build/release/paxsim] [--split-cpus | --netns]
        [--stranger-receive-buffer BYTES] [--no-packet-filter]

US-CBP runs with its defaults: an address that keeps failing authentication past its rate limit
is shed, and its SYNs are dropped by the peer listener's packet filter (`connect-timeout` in the
flood's answers); `--no-packet-filter` turns the filter off (shed addresses are then closed at
accept), for the figures without it.

By default the flooder (this script) and the agencies share all CPUs, so on a small machine the
attacker's own CPU time (Python sending ~1 GB/s through loopback) is taken from the agencies too.
`--split-cpus` puts the agencies and the genuine submissions on CPU 0 and this script (flooder,
samplers, driver) on the other CPUs, as when the attacker is another machine: what remains is
the agency's own cost of refusing the flood (both phases run with the same arrangement).

On loopback the split is not clean: a packet's receive processing runs in the sender's
context, so the flooder's CPU pays for the server kernel receiving the forged bodies, and the
server's CPU pays for the flooder's kernel tearing down its socket when a refused connection is
reset (the flooder's send queue of up to 4 MiB freed inside the agency's `close`: a fifth of
the agency's flood-phase CPU in a profile). `--netns` (root, iproute2; implies `--split-cpus`)
gives each side its own network stack instead: the agencies and the genuine submissions run
in a network namespace of their own, the flooder in another, joined by a veth pair whose
receive processing is steered (RPS) to the receiving side's CPUs, as when the attacker is
another machine. Both namespaces are created for the run and deleted after it; nothing leaves
them.

Needs: Python 3 standard library only (`--netns`: root and `ip` from iproute2).
"""
import argparse, base64, hashlib, json, os, random, shutil, socket, sqlite3, subprocess, sys, tempfile, threading, time
from datetime import datetime, timezone
from benchlib import allocator, free_port, run, percentile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BODY_BYTES = 8 << 20


def wire_time(ms):
    t = datetime.fromtimestamp(ms / 1000, tz=timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Sampler(threading.Thread):
    """Peak RSS of a process while `running`."""
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop_flag = pid, 0, threading.Event()

    def run(self):
        while not self.stop_flag.is_set():
            self.peak = max(self.peak, rss_kib(self.pid))
            time.sleep(0.05)

    def stop(self):
        self.stop_flag.set()
        self.join()
        return self.peak


def forged_head(host, port):
    mid = f"SV-DGME:MAN:FORGED:{random.getrandbits(64):016x}"
    fields = {
        "Pax-Message-Id": mid, "Pax-Correlation-Id": "", "Pax-Sender": "SV-DGME", "Pax-Receiver": "US-CBP",
        "Pax-Created-At": wire_time(int(time.time() * 1000)), "Pax-Schema-Version": "1.0",
        "Pax-Payload-Digest": hashlib.sha256(os.urandom(16)).hexdigest(),
        "Pax-Signature": base64.b64encode(os.urandom(64)).decode(), "Pax-Payload-Length": str(BODY_BYTES),
        "Content-Type": "application/xml", "Content-Length": str(BODY_BYTES),
    }
    head = f"POST /messages HTTP/1.1\r\nHost: {host}:{port}\r\n"
    return (head + "".join(f"{k}: {v}\r\n" for k, v in fields.items()) + "\r\n").encode()


class Flood:
    """Forged requests with 8 MiB bodies from `threads` threads, plus `held` idle connections."""
    def __init__(self, port, threads, held, host="127.0.0.1"):
        self.host, self.port, self.threads, self.held = host, port, threads, held
        self.stop_flag = threading.Event()
        self.lock = threading.Lock()
        self.answers, self.requests, self.bytes_sent = {}, 0, 0
        self.workers, self.sockets = [], []

    def start(self):
        for _ in range(self.held):
            try:
                s = socket.create_connection((self.host, self.port), timeout=5)
                self.sockets.append(s)
            except OSError:
                pass
        for _ in range(self.threads):
            t = threading.Thread(target=self.loop, daemon=True)
            t.start()
            self.workers.append(t)

    def loop(self):
        chunk = b"A" * (256 << 10)
        while not self.stop_flag.is_set():
            status, sent = "no-answer", 0
            try:
                try:
                    s = socket.create_connection((self.host, self.port), timeout=5)
                except socket.timeout:
                    # The SYN was not answered (the agency's packet filter drops shed addresses).
                    status = "connect-timeout"
                    raise
                with s:
                    s.sendall(forged_head(self.host, self.port))
                    s.setblocking(False)
                    answer = b""
                    while sent < BODY_BYTES and not self.stop_flag.is_set():
                        try:
                            answer += s.recv(4096)
                            break
                        except BlockingIOError:
                            pass
                        try:
                            sent += s.send(chunk)
                        except BlockingIOError:
                            time.sleep(0.001)
                    s.setblocking(True)
                    s.settimeout(5)
                    if not answer:
                        answer = s.recv(4096)
                    if answer.startswith(b"HTTP/1.1 "):
                        status = answer[9:12].decode()
            except (OSError, ValueError):
                status = "reset" if status == "no-answer" else status
            with self.lock:
                self.requests += 1
                self.bytes_sent += sent
                self.answers[status] = self.answers.get(status, 0) + 1

    def stop(self):
        self.stop_flag.set()
        for t in self.workers:
            t.join()
        for s in self.sockets:
            s.close()


class FloodInNamespace:
    """The same flood run by a copy of this script inside the attacker's network namespace
    (`--flood-worker`), pinned to the attacker's CPUs; it floods until its stdin closes and
    then prints its counts as JSON. Same interface as `Flood`, plus the worker's CPU time."""
    def __init__(self, namespace, cpus, host, port, threads, held):
        self.command = ["ip", "netns", "exec", namespace, "taskset", "-c", ",".join(map(str, cpus)),
                        sys.executable, os.path.abspath(__file__), "--flood-worker", "--flood-host", host,
                        "--flood-port", str(port), "--flooders", str(threads), "--held", str(held)]
        self.answers, self.requests, self.bytes_sent, self.cpu = {}, 0, 0, 0.0

    def start(self):
        self.process = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        if self.process.stdout.readline().strip() != "flooding":
            sys.exit("the flood worker did not start")

    def stop(self):
        # `ip netns exec` and `taskset` exec the worker: this pid is the worker's own.
        self.cpu = cpu_seconds(self.process.pid)
        out, _ = self.process.communicate(input="", timeout=120)
        counts = json.loads(out.strip().splitlines()[-1])
        self.answers, self.requests, self.bytes_sent = counts["answers"], counts["requests"], counts["bytes_sent"]


class NamespacePair:
    """Two network namespaces made for one run, `server` and `attacker`, joined by a veth pair
    (10.250.0.1 on the server's side, 10.250.0.2 on the attacker's), each with its loopback up.
    Packets a side receives are processed on that side's CPUs (RPS), so neither side's kernel
    work is charged to the other's CPU as it is on one loopback. Deleted by `close`."""
    SERVER_ADDRESS, ATTACKER_ADDRESS = "10.250.0.1", "10.250.0.2"

    def __init__(self, server_cpus, attacker_cpus):
        if os.geteuid() != 0 or shutil.which("ip") is None or shutil.which("taskset") is None:
            sys.exit("--netns needs root, ip (iproute2) and taskset (util-linux)")
        tag = f"{os.getpid() % 100000}"
        self.server, self.attacker = f"paxflood-srv-{tag}", f"paxflood-atk-{tag}"
        host_side, attacker_side = f"pxs{tag}", f"pxa{tag}"
        self.created = []
        try:
            for name in (self.server, self.attacker):
                run(["ip", "netns", "add", name])
                self.created.append(name)
                run(["ip", "-n", name, "link", "set", "lo", "up"])
            run(["ip", "link", "add", host_side, "type", "veth", "peer", "name", attacker_side])
            for name, device, address, cpus in ((self.server, host_side, self.SERVER_ADDRESS, server_cpus),
                                                (self.attacker, attacker_side, self.ATTACKER_ADDRESS, attacker_cpus)):
                run(["ip", "link", "set", device, "netns", name])
                run(["ip", "-n", name, "addr", "add", f"{address}/30", "dev", device])
                run(["ip", "-n", name, "link", "set", device, "up"])
                mask = format(sum(1 << c for c in cpus), "x")
                run(["ip", "netns", "exec", name, "sh", "-c",
                     f"for q in /sys/class/net/{device}/queues/rx-*; do echo {mask} > $q/rps_cpus; done"])
        except BaseException:
            self.close()
            raise

    def close(self):
        for name in self.created:
            subprocess.run(["ip", "netns", "del", name], capture_output=True)
        self.created = []


def flood_worker(args):
    """`--flood-worker`: floods `--flood-host:--flood-port` until stdin closes, then prints counts."""
    flood = Flood(args.flood_port, args.flooders, args.held, host=args.flood_host)
    flood.start()
    print("flooding", flush=True)
    sys.stdin.read()
    flood.stop()
    print(json.dumps({"answers": flood.answers, "requests": flood.requests, "bytes_sent": flood.bytes_sent}), flush=True)


def audit_rows(db, kind=None):
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        if kind:
            return c.execute("SELECT count(*) FROM audit_log WHERE kind = ?", (kind,)).fetchone()[0]
        return c.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def states(db):
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        return dict(c.execute("SELECT state, count(*) FROM exchange_manifest GROUP BY state").fetchall())


def genuine_phase(paxsim, work, directory, files, sv_db, expected_total, pace, prefix=()):
    """Submits `files` one at a time; waits until all are assessed; their latencies (ms)."""
    ids = []
    for name in files:
        body = open(f"{directory}/{name}", "rb").read()
        ids.append(body.split(b"<MessageId>")[1].split(b"</MessageId>")[0].decode())
        run([*prefix, paxsim, "agency", "submit", "--config", f"{work}/SV-DGME.json", f"{directory}/{name}"])
        time.sleep(pace)
    start = time.time()
    while states(sv_db).get("assessed", 0) < expected_total:
        if time.time() - start > 600:
            sys.exit(f"timed out waiting for assessments: {states(sv_db)}")
        time.sleep(0.05)
    with sqlite3.connect(f"file:{sv_db}?mode=ro", uri=True) as c:
        sent = dict(c.execute("SELECT message_id, min(recorded_at_ms) FROM audit_log WHERE kind = 'message-out' "
                              "AND details LIKE '%\"attempt\":\"1\"%' GROUP BY message_id").fetchall())
        assessed = dict(c.execute("SELECT message_id, min(recorded_at_ms) FROM audit_log WHERE kind = 'message-in' "
                                  "AND details LIKE '%assessment-accepted%' GROUP BY message_id").fetchall())
    return [assessed[assessment_id(mid)] - sent[mid] for mid in ids if mid in sent and assessment_id(mid) in assessed]


def assessment_id(manifest_id, assessor="US-CBP"):
    """The id of the assessor's risk assessment of a manifest (MessageNamespace.assessmentId)."""
    prefix = f"{assessor}:RA:"
    if len(prefix) + len(manifest_id) <= 64:
        return prefix + manifest_id
    h = 0xCBF29CE484222325
    for byte in manifest_id.encode():
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    digits = format(h, "x")
    room = max(0, 64 - len(prefix) - len(digits) - 1)
    return prefix + manifest_id.encode()[:room].decode(errors="ignore") + "-" + digits


def cpu_seconds(pid):
    """User + system CPU seconds of a process so far (from /proc)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--manifests", type=int, default=60, help="genuine manifests per phase")
    ap.add_argument("--travelers", type=int, default=20)
    ap.add_argument("--flooders", type=int, default=32, help="threads sending forged 8 MiB requests")
    ap.add_argument("--held", type=int, default=64, help="idle connections held open during the flood")
    ap.add_argument("--pace", type=float, default=0.02, help="seconds between genuine submissions")
    ap.add_argument("--summary-seconds", type=int, default=5)
    ap.add_argument("--stranger-receive-buffer", type=int, default=None,
                    help="limits.strangerReceiveBufferBytes for US-CBP (0: the kernel's default; omitted: the agency's default)")
    ap.add_argument("--no-packet-filter", action="store_true",
                    help="US-CBP with limits.filterShedAddressPackets false: shed addresses closed at accept only")
    ap.add_argument("--paxsim", default=os.path.join(ROOT, ".build/release/paxsim"))
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--split-cpus", action="store_true",
                    help="agencies and genuine submissions on CPU 0, this script (flooder) on the others")
    ap.add_argument("--netns", action="store_true",
                    help="as --split-cpus, and each side in a network namespace of its own (root, iproute2)")
    ap.add_argument("--flood-worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--flood-host", default="127.0.0.1", help=argparse.SUPPRESS)
    ap.add_argument("--flood-port", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.flood_worker:
        return flood_worker(args)
    agency_prefix = []
    namespaces = None
    if args.split_cpus or args.netns:
        cpus = sorted(os.sched_getaffinity(0))
        if len(cpus) < 2 or shutil.which("taskset") is None:
            sys.exit("--split-cpus and --netns need at least 2 CPUs and taskset (util-linux)")
        agency_prefix = ["taskset", "-c", str(cpus[0])]
        if args.netns:
            namespaces = NamespacePair([cpus[0]], cpus[1:])
            agency_prefix = ["ip", "netns", "exec", namespaces.server] + agency_prefix
        else:
            # Threads started from here on (the flooders) inherit this affinity.
            os.sched_setaffinity(0, set(cpus[1:]))

    paxsim = args.paxsim
    work = tempfile.mkdtemp(prefix="paxsim-flood-")
    procs = {}
    try:
        os.makedirs(f"{work}/keys")
        for agency in ("SV-DGME", "US-CBP"):
            run([paxsim, "keys", "generate", "--agency", agency, "--out", f"{work}/keys"])
        run([paxsim, "generate", "--seed", "5", "--flights", str(2 * args.manifests), "--travelers", str(args.travelers),
             "--from", "SAL", "--to", "IAH", "--out", f"{work}/manifests", "--quiet"])
        files = sorted(n for n in os.listdir(f"{work}/manifests") if n.endswith(".xml"))
        ports = {"SV-DGME": free_port(), "US-CBP": free_port()}
        territory = {"SV-DGME": ["SAL"], "US-CBP": ["IAH"]}
        for agency, peer in (("SV-DGME", "US-CBP"), ("US-CBP", "SV-DGME")):
            config = {
                "agency": agency, "territory": territory[agency],
                # In --netns, US-CBP also listens on the veth address the flooder reaches.
                # (plain HTTP off loopback must be allowed explicitly; it stays inside the two namespaces).
                "listen": {"host": "0.0.0.0", "port": ports[agency], "plaintext": "allowed"} if namespaces and agency == "US-CBP"
                          else {"host": "127.0.0.1", "port": ports[agency]},
                "database": f"{agency}.sqlite", "privateKey": f"keys/{agency}.key",
                "peers": [{"agency": peer, "url": f"http://127.0.0.1:{ports[peer]}", "publicKey": f"keys/{peer}.pub",
                           "territory": territory[peer]}],
                "limits": {"maxBodyBytes": 16 << 20, "ratePerPeer": {"perSecond": 100000, "burst": 100000},
                           "refusalSummarySeconds": args.summary_seconds},
                "timing": {"retryBaseMilliseconds": 500, "retryCapMilliseconds": 5000, "maxAttempts": 20},
            }
            if agency == "US-CBP" and args.no_packet_filter:
                config["limits"]["filterShedAddressPackets"] = False
            if agency == "US-CBP" and args.stranger_receive_buffer is not None:
                config["limits"]["strangerReceiveBufferBytes"] = args.stranger_receive_buffer
            json.dump(config, open(f"{work}/{agency}.json", "w"))
        for agency in ("SV-DGME", "US-CBP"):
            p = subprocess.Popen([*agency_prefix, paxsim, "agency", "serve", "--config", f"{work}/{agency}.json", "--log-level", "error"],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            procs[agency] = p
            lines = [p.stdout.readline() for _ in range(2)]
            if not any("listening on" in line for line in lines):
                sys.exit(f"{agency} did not start: {lines}")
        us = procs["US-CBP"]
        sv_db, us_db = f"{work}/SV-DGME.sqlite", f"{work}/US-CBP.sqlite"

        sampler = Sampler(us.pid)
        sampler.start()
        quiet = genuine_phase(paxsim, work, f"{work}/manifests", files[:args.manifests], sv_db, args.manifests, args.pace,
                              agency_prefix)
        quiet_peak = sampler.stop()

        rows_before = audit_rows(us_db)
        denied_before = audit_rows(us_db, "access-denied")
        if namespaces:
            flood = FloodInNamespace(namespaces.attacker, cpus[1:], NamespacePair.SERVER_ADDRESS, ports["US-CBP"],
                                     args.flooders, args.held)
        else:
            flood = Flood(ports["US-CBP"], args.flooders, args.held)
        sampler = Sampler(us.pid)
        sampler.start()
        flood_start = time.time()
        server_cpu_before, client_cpu_before = cpu_seconds(us.pid), sum(os.times()[:2])
        flood.start()
        time.sleep(1)  # let the flood build up
        flooded = genuine_phase(paxsim, work, f"{work}/manifests", files[args.manifests:], sv_db, 2 * args.manifests,
                                args.pace, agency_prefix)
        flood.stop()
        flood_seconds = time.time() - flood_start
        server_cpu = cpu_seconds(us.pid) - server_cpu_before
        client_cpu = sum(os.times()[:2]) - client_cpu_before + (flood.cpu if namespaces else 0.0)
        flood_peak = sampler.stop()
        us.terminate()
        us.wait(timeout=30)
        denied_after = audit_rows(us_db, "access-denied")
        rows_after = audit_rows(us_db)

        if namespaces:
            print("CPUs: agencies and genuine submissions on CPU 0 in one network namespace, flooder on the others "
                  "in another, joined by veth, each side's packets processed on its own CPUs (--netns)")
        else:
            print("CPUs: " + ("agencies and genuine submissions on CPU 0, flooder on the others (--split-cpus)"
                              if args.split_cpus else f"flooder and agencies share all {os.cpu_count()} CPUs"))
        print(f"paxsim: {args.paxsim} ({allocator(args.paxsim)})")
        buffer = {None: "agency default", 0: "kernel default"}.get(args.stranger_receive_buffer, f"{args.stranger_receive_buffer} bytes")
        print(f"US-CBP strangerReceiveBufferBytes: {buffer}; shed addresses "
              + ("closed at accept only (--no-packet-filter)" if args.no_packet_filter else "dropped by the listener's packet filter"))
        print(f"genuine traffic: {args.manifests} manifests x {args.travelers} travellers per phase, "
              f"SV-DGME -> US-CBP, submit-to-assessment latency")
        print(f"  quiet:       p50 {percentile(quiet, 50)} ms, p99 {percentile(quiet, 99)} ms ({len(quiet)} manifests)")
        print(f"  under flood: p50 {percentile(flooded, 50)} ms, p99 {percentile(flooded, 99)} ms ({len(flooded)} manifests); "
              f"p99 ratio {percentile(flooded, 99) / max(1, percentile(quiet, 99)):.2f}x")
        answers = ", ".join(f"{k}: {v}" for k, v in sorted(flood.answers.items()))
        print(f"flood: {flood.requests} forged requests (8 MiB bodies declared) from {args.flooders} threads in "
              f"{flood_seconds:.1f} s, {flood.bytes_sent / (1 << 20):.1f} MiB of body sent before the server closed; "
              f"{args.held} idle connections held; answers {answers}")
        print(f"CPU during the flood phase: US-CBP {server_cpu:.1f} s, this script (flooder and genuine driver) "
              f"{client_cpu:.1f} s, over {flood_seconds:.1f} s on {os.cpu_count()} CPUs")
        print(f"US-CBP peak RSS: quiet {quiet_peak / 1024:.1f} MiB, under flood {flood_peak / 1024:.1f} MiB "
              f"(growth {(flood_peak - quiet_peak) / 1024:.1f} MiB)")
        intervals = flood_seconds / args.summary_seconds
        print(f"audit records added during the flood and its shutdown: {rows_after - rows_before} "
              f"({denied_after - denied_before} access-denied summaries; {intervals:.1f} summary intervals of "
              f"{args.summary_seconds} s; {flood.requests} forged requests)")
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    p.kill()
        if namespaces:
            namespaces.close()
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
