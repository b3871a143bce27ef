#!/usr/bin/env python3
"""Console page latency (p50/p99 with wrk) on a running `paxsim demo --web`.

Runs the web demo with fast pacing until it holds --manifests manifests, logs in to one
agency's console with its operator token, then measures each page with wrk (keep-alive
connections, the session cookie) and prints a table of requests per second and latency
percentiles, with the database's manifest and traveller counts.

    python3 Benchmarks/console_pages.py [--paxsim .build/release/paxsim] [--manifests 60]
        [--travelers 100] [--seconds 5] [--connections 4]

Scale: this measures the demo's scale (tens of manifests, thousands of travellers). The
issue's target (10,000 manifests, 1,000,000 travellers) needs a fast seeding path that is
not built yet (see README, "The analyst's console").
"""
import argparse, http.client, os, re, sqlite3, subprocess, sys, tempfile, time, urllib.parse

def login(base, token):
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    body = urllib.parse.urlencode({"operator": "bench", "token": token})
    connection.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    if response.status != 303 or not cookie:
        sys.exit(f"login failed: HTTP {response.status}")
    return cookie

def fetch(base, path, cookie):
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    connection.request("GET", path, headers={"Cookie": cookie})
    return connection.getresponse().read().decode()

def wrk(url, cookie, seconds, connections):
    output = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", f"Cookie: {cookie}", url],
                            capture_output=True, text=True, check=True).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.M))
    rate = re.search(r"Requests/sec:\s+(\S+)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return percentiles.get("50", "?"), percentiles.get("99", "?"), rate.group(1) if rate else "?", errors.group(1) if errors else "0"

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--paxsim", default=".build/release/paxsim")
    parser.add_argument("--manifests", type=int, default=60)
    parser.add_argument("--travelers", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        demo = subprocess.Popen([args.paxsim, "demo", "--web", "--interval", "0.2", "--travelers", str(args.travelers),
                                 "--dir", directory], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            consoles = {}
            while len(consoles) < 2:
                line = demo.stdout.readline()
                if not line:
                    sys.exit("the demo stopped before printing its consoles")
                match = re.match(r"(\S+) console: (\S+)\s+operator token: (\S+)", line)
                if match:
                    consoles[match.group(1)] = (match.group(2), match.group(3))
            agency, (base, token) = sorted(consoles.items())[-1]
            database = os.path.join(directory, f"{agency}.sqlite")
            def counts():
                with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
                    return (db.execute("SELECT count(*) FROM exchange_manifest").fetchone()[0],
                            db.execute("SELECT count(*) FROM traveller_data").fetchone()[0])
            while counts()[0] < args.manifests:
                time.sleep(0.5)
            demo.send_signal(2)  # stop the traffic: measure the pages over a settled store
            # (the demo stops its agencies on SIGINT; restart serving is not needed: measure before it exits)
        except BaseException:
            demo.kill()
            raise
        demo.wait(timeout=30)
        # Serve the same database again, quiet, with its console.
        config = os.path.join(directory, f"{agency}.json")
        serve = subprocess.Popen([args.paxsim, "agency", "serve", "--config", config, "--log-level", "error"],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            base = token = None
            while base is None:
                line = serve.stdout.readline()
                if not line:
                    sys.exit("paxsim agency serve stopped before printing its console")
                match = re.match(r"\S+ console at (\S+) \(operator token: (\S+)\)", line)
                if match:
                    base, token = match.group(1), match.group(2)
            cookie = login(base, token)
            hits = fetch(base, "/hits", cookie)
            traveller = re.search(r'href="(/traveller\?[^"]+)"', hits)
            flights = fetch(base, "/flights", cookie)
            manifest = re.search(r'href="(/manifest\?[^"]+)"', flights)
            pages = ["/", "/flights", "/hits", "/audit", "/security", "/assistance"]
            if manifest: pages.append(manifest.group(1).replace("&amp;", "&"))
            if traveller: pages.append(traveller.group(1).replace("&amp;", "&"))
            manifests, travellers = counts()
            print(f"{agency}: {manifests} manifests, {travellers} travellers in the database; wrk -t1 -c{args.connections} -d{args.seconds}s")
            print(f"{'page':<40} {'req/s':>8} {'p50':>9} {'p99':>9} {'non-2xx':>8}")
            for page in pages:
                p50, p99, rate, errors = wrk(base.rstrip("/") + page, cookie, args.seconds, args.connections)
                print(f"{page.split('?')[0]:<40} {rate:>8} {p50:>9} {p99:>9} {errors:>8}")
        finally:
            serve.send_signal(2)
            serve.wait(timeout=30)

if __name__ == "__main__":
    main()
