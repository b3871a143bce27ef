#!/usr/bin/env python3
"""Console page latency (p50/p99 with wrk) over an agency database at the issue's scale.

1. Runs `paxsim demo --web` (fast pacing) until one agency holds --templates manifests (sent
   and received, screened, with their overview rows, archived travellers, frames as received).
2. Seeds that database to --manifests manifests by cloning those rows with new message ids and
   departures spread over a week (bulk SQL in one transaction; nothing goes through the HTTP
   exchange): with --travelers 100, 10,000 manifests are 1,000,000 travellers.
3. Serves it again (`paxsim agency serve`, the peer unreachable, so the store is quiet), logs in
   to the console with its operator token and measures every page with wrk (keep-alive
   connections, the session cookie), once per connection count (one operator, then several at
   once): p50 and p99 per page, the agency's CPU time per request (user + system, from
   /proc: what a page costs whatever else the machine runs), and the goal check (p99 < 50 ms
   for every page at every connection count).

    python3 Benchmarks/console_pages.py [--paxsim .build/release/paxsim] [--manifests 10000]
        [--travelers 100] [--templates 20] [--seconds 10] [--connections 1,4] [--dir DIR] [--check]

--dir keeps the seeded database in DIR and reuses it on the next run (seeding takes minutes).
--check exits 1 when a page misses the goal or answers other than 2xx/3xx.
"""
import argparse, datetime, http.client, json, os, re, sqlite3, subprocess, sys, tempfile, time, urllib.parse

GOAL_MS = 50.0


def login(base, token):
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    body = urllib.parse.urlencode({"operator": "bench", "token": token})
    connection.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    if response.status != 303 or not cookie:
        sys.exit(f"login failed: HTTP {response.status}")
    return cookie


def fetch(base, path, cookie):
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    text = response.read().decode()
    if response.status != 200:
        sys.exit(f"GET {path}: HTTP {response.status}")
    return text


def milliseconds(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url, cookie, seconds, connections):
    output = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency",
                             "-H", f"Cookie: {cookie}", url], capture_output=True, text=True, check=True).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.M))
    rate = re.search(r"Requests/sec:\s+(\S+)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"timeout (\d+)", output)
    return (milliseconds(percentiles.get("50", "")), milliseconds(percentiles.get("99", "")),
            rate.group(1) if rate else "?", int(errors.group(1)) if errors else 0, int(timeouts.group(1)) if timeouts else 0)


def run_demo(paxsim, directory, templates, travelers):
    """Runs the web demo until one agency holds `templates` settled manifests; returns that agency's id."""
    demo = subprocess.Popen([paxsim, "demo", "--web", "--interval", "0.2", "--travelers", str(travelers), "--dir", directory],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        consoles = []
        while len(consoles) < 2:
            line = demo.stdout.readline()
            if not line:
                sys.exit("the demo stopped before printing its consoles")
            match = re.match(r"(\S+) console: ", line)
            if match:
                consoles.append(match.group(1))
        agency = sorted(consoles)[-1]
        database = os.path.join(directory, f"{agency}.sqlite")
        while True:
            with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30) as db:
                settled = db.execute("SELECT count(*) FROM exchange_manifest WHERE state IN ('assessed', 'received')").fetchone()[0]
            if settled >= templates:
                break
            time.sleep(0.5)
    finally:
        demo.send_signal(2)
        try:
            demo.wait(timeout=60)
        except subprocess.TimeoutExpired:
            demo.kill()
            demo.wait()
    return agency


def seed(database, agency, manifests):
    """Clones the settled manifests of `database` until it holds `manifests`; returns the seconds it took."""
    started = time.monotonic()
    db = sqlite3.connect(database, timeout=60)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")  # a benchmark's throwaway copy: one commit at the end
    templates = db.execute("""
        SELECT m.submitter, m.message_id, m.record, t.travelers, o.departure_ms FROM exchange_manifest m
        JOIN overview_manifest o ON o.submitter = m.submitter AND o.message_id = m.message_id
        LEFT JOIN exchange_manifest_travelers t ON t.submitter = m.submitter AND t.message_id = m.message_id
        WHERE m.state IN ('assessed', 'received') ORDER BY m.submitter, m.message_id""").fetchall()
    if not templates:
        sys.exit("no settled manifest to clone")
    held = db.execute("SELECT count(*) FROM exchange_manifest").fetchone()[0]
    now_ms = int(time.time() * 1000)
    count = max(0, manifests - held)
    rows = {name: [] for name in ["manifest", "travelers", "overview", "flagged", "archive", "copy", "outbox"]}

    def fetch(sql, *arguments):
        return db.execute(sql, arguments).fetchall()

    parts = []
    for submitter, message_id, record, travelers, departure_ms in templates:
        record = record.decode() if isinstance(record, bytes) else record
        departure = re.search(r'"scheduledDeparture":"([^"]+)"', record).group(1)
        own = submitter == agency
        outbox_id = message_id if own else f"{agency}:RA:{message_id}"
        parts.append(dict(
            submitter=submitter, message_id=message_id, record=record, travelers=travelers, departure=departure, own=own,
            overview=fetch("SELECT own, peer, carrier, state, flight, travellers, cleared, inspect, no_board FROM overview_manifest "
                           "WHERE submitter = ? AND message_id = ?", submitter, message_id)[0],
            flagged=fetch("SELECT traveller_ref, outcome, assessment, explanation FROM overview_traveller "
                          "WHERE submitter = ? AND message_id = ?", submitter, message_id),
            archive=fetch("SELECT traveller_ref, surname, given_names, contact FROM traveller_data WHERE message_id = ?", message_id),
            copy=fetch("SELECT kind, bytes FROM received_copy WHERE submitter = ? AND message_id = ? AND bytes IS NOT NULL",
                       submitter, message_id),
            outbox=fetch("SELECT o.receiver, o.purpose, f.frame, o.attempts, o.state FROM exchange_outbox o "
                         "JOIN exchange_outbox_frame f ON f.message_id = o.message_id WHERE o.message_id = ?", outbox_id)))
    week_ms = 7 * 86_400_000
    for index in range(count):
        part = parts[index % len(parts)]
        new_id = f"{part['message_id']}:B{index:05d}"
        departure_ms = now_ms - week_ms // 2 + (index * week_ms) // max(1, count)
        original = datetime.datetime.fromisoformat(part["departure"])
        local = datetime.datetime.fromtimestamp(departure_ms // 60_000 * 60, tz=original.tzinfo)
        departure_text = local.isoformat()
        departure_ms = int(local.timestamp()) * 1000
        record = part["record"].replace(f'"messageId":"{part["message_id"]}"', f'"messageId":"{new_id}"', 1)
        record = record.replace(f'"scheduledDeparture":"{part["departure"]}"', f'"scheduledDeparture":"{departure_text}"', 1)
        state = part["overview"][3]
        rows["manifest"].append((part["submitter"], new_id, state, record.encode()))
        if part["travelers"] is not None:
            rows["travelers"].append((part["submitter"], new_id, part["travelers"]))
        own, peer, carrier, state, flight, travellers, cleared, inspect, no_board = part["overview"]
        flight = flight.replace(f'"scheduledDeparture":"{part["departure"]}"', f'"scheduledDeparture":"{departure_text}"', 1)
        rows["overview"].append((part["submitter"], new_id, own, peer, carrier, departure_ms, state, flight, travellers,
                                 cleared, inspect, no_board))
        for reference, outcome, assessment, explanation in part["flagged"]:
            rows["flagged"].append((part["submitter"], new_id, reference, departure_ms, outcome, assessment, explanation))
        for reference, surname, given_names, contact in part["archive"]:
            rows["archive"].append((new_id, reference, surname, given_names, contact, now_ms))
        for kind, data in part["copy"]:
            rows["copy"].append((part["submitter"], new_id, kind, now_ms, data))
        for receiver, purpose, frame, attempts, outbox_state in part["outbox"]:
            if part["own"]:
                rows["outbox"].append((new_id, receiver, purpose, frame, now_ms, attempts, now_ms, outbox_state))
            else:
                purpose = ('{"riskAssessment":{"manifestId":"%s"}}' % new_id).encode()
                rows["outbox"].append((f"{agency}:RA:{new_id}", receiver, purpose, frame, now_ms, attempts, now_ms, outbox_state))
        if len(rows["manifest"]) >= 500 or index == count - 1:
            insert(db, rows)
            rows = {name: [] for name in rows}
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return time.monotonic() - started


def insert(db, rows):
    """Writes a batch of cloned rows (inside the one transaction `seed` commits)."""
    db.executemany("INSERT INTO exchange_manifest (submitter, message_id, state, record) VALUES (?, ?, ?, ?)", rows["manifest"])
    db.executemany("INSERT INTO overview_manifest (submitter, message_id, own, peer, carrier, departure_ms, state, flight, travellers, "
                   "cleared, inspect, no_board) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows["overview"])
    db.executemany("INSERT INTO overview_traveller (submitter, message_id, traveller_ref, departure_ms, outcome, assessment, explanation) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)", rows["flagged"])
    db.executemany("INSERT INTO traveller_data (message_id, traveller_ref, surname, given_names, contact, received_at_ms) "
                   "VALUES (?, ?, ?, ?, ?, ?)", rows["archive"])
    db.executemany("INSERT INTO received_copy (submitter, message_id, kind, received_at_ms, bytes) VALUES (?, ?, ?, ?, ?)", rows["copy"])
    db.executemany("INSERT INTO exchange_manifest_travelers (submitter, message_id, travelers) VALUES (?, ?, ?)", rows["travelers"])
    db.executemany("INSERT INTO exchange_outbox_frame (message_id, frame) VALUES (?, ?)", [(row[0], row[3]) for row in rows["outbox"]])
    db.executemany("INSERT INTO exchange_outbox (message_id, receiver, purpose, created_at_ms, attempts, next_attempt_at_ms, state) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)", [row[:3] + row[4:] for row in rows["outbox"]])


def cpu_milliseconds(pid):
    """User + system CPU time of process `pid` so far, in milliseconds."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def prepare(args, directory):
    """The seeded database in `directory` (made now, or kept from an earlier run with --dir); returns the agency."""
    marker = os.path.join(directory, "console-bench.json")
    if os.path.exists(marker):
        with open(marker) as file:
            kept = json.load(file)
        if kept.get("manifests") == args.manifests and kept.get("travelers") == args.travelers:
            print(f"{kept['agency']}: reusing the database seeded in {directory}", flush=True)
            return kept["agency"]
        sys.exit(f"{directory} holds a database seeded for other sizes: remove it or choose another --dir")
    if os.listdir(directory):
        sys.exit(f"{directory} is not empty and holds no seeded database")
    agency = run_demo(args.paxsim, directory, args.templates, args.travelers)
    seconds = seed(os.path.join(directory, f"{agency}.sqlite"), agency, args.manifests)
    print(f"{agency}: seeded in {seconds:.1f} s", flush=True)
    with open(marker, "w") as file:
        json.dump({"agency": agency, "manifests": args.manifests, "travelers": args.travelers}, file)
    return agency


def measure(args, directory, agency):
    """Serves the seeded database and runs wrk on every page; returns True when the goal is met."""
    database = os.path.join(directory, f"{agency}.sqlite")
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        manifests = db.execute("SELECT count(*) FROM exchange_manifest").fetchone()[0]
        travellers = db.execute("SELECT count(*) FROM traveller_data").fetchone()[0]
        flagged = db.execute("SELECT count(*) FROM overview_traveller WHERE outcome <> 'Cleared'").fetchone()[0]
    size = os.path.getsize(database) / 1e9
    print(f"{agency}: {manifests} manifests, {travellers} travellers ({flagged} not cleared), {size:.1f} GB", flush=True)
    config = os.path.join(directory, f"{agency}.json")
    started = time.monotonic()
    serve = subprocess.Popen([args.paxsim, "agency", "serve", "--config", config, "--log-level", "error"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    met = True
    try:
        base = token = None
        while base is None:
            line = serve.stdout.readline()
            if not line:
                sys.exit("paxsim agency serve stopped before printing its console")
            match = re.match(r"\S+ console at (\S+) \(operator token: (\S+)\)", line)
            if match:
                base, token = match.group(1), match.group(2)
        print(f"agency serve opened the database and its console in {time.monotonic() - started:.1f} s", flush=True)
        cookie = login(base, token)
        hits = fetch(base, "/hits", cookie)
        flights = fetch(base, "/flights", cookie)
        received = fetch(base, "/flights?direction=received", cookie)
        pages = ["/", "/flights", "/flights?direction=received&state=received", "/flights?page=150",
                 "/hits", "/hits?sort=latest&page=20", "/audit", "/security", "/assistance"]
        for text in (flights, received):
            manifest = re.search(r'href="(/manifest\?[^"]+)"', text)
            if manifest:
                pages.append(manifest.group(1).replace("&amp;", "&"))
        traveller = re.search(r'href="(/traveller\?[^"]+)"', hits)
        if traveller:
            pages.append(traveller.group(1).replace("&amp;", "&"))
        for connections in args.connections:
            print(f"\nwrk -t1 -c{connections} -d{args.seconds}s per page; goal: p99 < {GOAL_MS:.0f} ms")
            print(f"{'page':<48} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'cpu/req':>8} {'non-2xx':>8} {'goal':>5}")
            for page in pages:
                before = cpu_milliseconds(serve.pid)
                p50, p99, rate, errors, timeouts = wrk(base.rstrip("/") + page, cookie, args.seconds, connections)
                used = cpu_milliseconds(serve.pid) - before
                try:
                    per_request = f"{used / (float(rate) * args.seconds):.2f}"
                except (ValueError, ZeroDivisionError):
                    per_request = "?"
                page_met = p99 < GOAL_MS and errors == 0 and timeouts == 0
                met = met and page_met
                label = page if len(page) <= 48 else page[:45] + "..."
                print(f"{label:<48} {rate:>8} {p50:>8.2f} {p99:>8.2f} {per_request:>8} {errors:>8} {'met' if page_met else 'MISS':>5}",
                      flush=True)
        print(f"\ngoal (every page p99 < {GOAL_MS:.0f} ms at {manifests} manifests / {travellers} travellers, "
              f"with {', '.join(f'-c{c}' for c in args.connections)}): " + ("met" if met else "NOT met"))
    finally:
        serve.send_signal(2)
        try:
            serve.wait(timeout=120)
        except subprocess.TimeoutExpired:
            serve.kill()
            serve.wait()
    return met


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--paxsim", default=".build/release/paxsim")
    parser.add_argument("--manifests", type=int, default=10_000)
    parser.add_argument("--travelers", type=int, default=100)
    parser.add_argument("--templates", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", default="1,4", type=lambda text: [int(part) for part in text.split(",")],
                        help="wrk connection counts, comma-separated (default 1,4)")
    parser.add_argument("--dir", help="keep the seeded database here and reuse it on later runs")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    if args.dir:
        os.makedirs(args.dir, exist_ok=True)
        met = measure(args, args.dir, prepare(args, args.dir))
    else:
        with tempfile.TemporaryDirectory() as directory:
            met = measure(args, directory, prepare(args, directory))
    if args.check and not met:
        sys.exit(1)


if __name__ == "__main__":
    main()
