#!/usr/bin/env python3
"""Browser test of the PaxSim console in real headless Chromium, driven over WebDriver.

Starts `paxsim demo --web`, starts chromedriver on a free loopback port, logs in to one
agency's console with its operator token, watches the timeline grow over Server-Sent Events,
opens a flagged traveller from the hits queue, reads the listed entry's name, marks the hit
reviewed, saves a screenshot of every page, and checks accessibility basics on each page
(title, main landmark, table headers, labelled form controls, outcomes in text, not colour
alone). Beside it runs `paxsim demo --web --tls`: a second Chromium session trusting only the
US-CBP console's certificate (`--ignore-certificate-errors-spki-list`, after checking that the
served certificate has the printed SHA-256 fingerprint) logs in over HTTPS and gets a Secure
cookie, and the same session refuses the SV-DGME console (another certificate). Standard library
and the openssl command only; all traffic stays on 127.0.0.1.

Usage: console_browser.py --paxsim PATH --out DIR
Prints one JSON line with what it saw; exit status 0 when every check passed, 1 otherwise.
"""
import argparse
import base64
import hashlib
import json
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"

ACCESSIBILITY_SCRIPT = """
const problems = [];
if (!document.title.trim()) problems.push('no title');
if (document.querySelectorAll('main').length !== 1) problems.push('not exactly one main landmark');
for (const table of document.querySelectorAll('table')) {
  if (!table.querySelector('th')) problems.push('table without header cells: ' + (table.caption ? table.caption.textContent : '?'));
}
for (const control of document.querySelectorAll('input, select, textarea')) {
  if (control.type === 'hidden') continue;
  const labelled = (control.id && document.querySelector('label[for="' + control.id + '"]')) ||
                   control.closest('label') || control.getAttribute('aria-label') || control.getAttribute('aria-labelledby');
  if (!labelled) problems.push('form control without a label: ' + (control.name || control.id));
}
for (const outcome of document.querySelectorAll('.outcome')) {
  if (!outcome.textContent.trim()) problems.push('an outcome shown by colour alone');
}
for (const chart of document.querySelectorAll('svg')) {
  if (chart.getAttribute('role') !== 'img' || !chart.querySelector('title')) problems.push('chart without a text alternative');
}
return problems;
"""


class Failure(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebDriver:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.session = None

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read() or b"{}").get("value")
        except urllib.error.HTTPError as error:
            raise Failure(f"WebDriver {method} {path}: HTTP {error.code} {error.read()[:300]!r}")

    def start(self, extra_args=()):
        capabilities = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1100", "--no-first-run", "--disable-extensions", *extra_args]},
        }}}
        self.session = self.call("POST", "/session", capabilities)["sessionId"]

    def s(self, path):
        return f"/session/{self.session}{path}"

    def go(self, url):
        self.call("POST", self.s("/url"), {"url": url})

    def url(self):
        return self.call("GET", self.s("/url"))

    def title(self):
        return self.call("GET", self.s("/title"))

    def find(self, css):
        found = self.call("POST", self.s("/element"), {"using": "css selector", "value": css})
        if not isinstance(found, dict) or ELEMENT not in found:
            raise Failure(f"no element {css}: {found!r}"[:300])
        return found[ELEMENT]

    def find_all(self, css):
        return [e[ELEMENT] for e in self.call("POST", self.s("/elements"), {"using": "css selector", "value": css})]

    def text(self, element):
        return self.call("GET", self.s(f"/element/{element}/text"))

    def type(self, element, text):
        self.call("POST", self.s(f"/element/{element}/value"), {"text": text})

    def click(self, element):
        self.call("POST", self.s(f"/element/{element}/click"), {})

    def run(self, script, *args):
        return self.call("POST", self.s("/execute/sync"), {"script": script, "args": list(args)})

    def cookies(self):
        return self.call("GET", self.s("/cookie"))

    def screenshot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.call("GET", self.s("/screenshot"))))

    def quit(self):
        if self.session:
            try:
                self.call("DELETE", self.s(""))
            except Exception:
                pass


def wait_for(what, probe, seconds=40, every=0.25):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(every)
    raise Failure(f"timed out waiting until {what}")


def served_certificate(url):
    """The DER certificate the HTTPS server at `url` presents (not verified here)."""
    host, port = re.match(r"https://([\d.]+):(\d+)/", url).groups()
    return ssl.PEM_cert_to_DER_cert(ssl.get_server_certificate((host, int(port)), timeout=20))


def spki_sha256(der):
    """Base64 SHA-256 of a certificate's SubjectPublicKeyInfo, as Chromium's SPKI list takes it."""
    pem = ssl.DER_cert_to_PEM_cert(der).encode()
    public = subprocess.run(["openssl", "x509", "-noout", "-pubkey"], input=pem, capture_output=True, check=True).stdout
    spki = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=public, capture_output=True, check=True).stdout
    return base64.b64encode(hashlib.sha256(spki).digest()).decode()


def tls_check(tls_demo, driver_port, seen):
    """The console over HTTPS in a Chromium session that trusts only US-CBP's console certificate."""
    consoles, fingerprints = {}, {}
    deadline = time.monotonic() + 60
    while len(fingerprints) < 2 and time.monotonic() < deadline:
        line = tls_demo.stdout.readline()
        if not line:
            break
        match = re.match(r"(\S+) console: (https://127\.0\.0\.1:\d+/)\s+operator token: (pxc-[0-9a-f]{40})", line)
        if match:
            consoles[match.group(1)] = (match.group(2), match.group(3))
        match = re.match(r"(\S+) console certificate SHA-256: ([0-9A-F:]{95})$", line.strip())
        if match:
            fingerprints[match.group(1)] = match.group(2)
    if len(consoles) < 2 or len(fingerprints) < 2:
        raise Failure(f"the TLS demo did not print two https console URLs and fingerprints: {consoles} {fingerprints}")
    base, token = consoles["US-CBP"]
    der = served_certificate(base)
    served = ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())
    if served != fingerprints["US-CBP"]:
        raise Failure(f"the served certificate's SHA-256 {served} is not the printed {fingerprints['US-CBP']}")
    result = {"fingerprintChecked": True}
    driver = WebDriver(driver_port)
    driver.start([f"--ignore-certificate-errors-spki-list={spki_sha256(der)}"])
    try:
        driver.go(base + "login")
        if not driver.url().startswith("https://") or "Log in" not in driver.title():
            raise Failure(f"the HTTPS login page did not load: {driver.url()} {driver.title()!r}")
        driver.type(driver.find("#operator"), "browser-test")
        driver.type(driver.find("#token"), token)
        driver.click(driver.find("#login"))
        wait_for("the exchange page after login over HTTPS", lambda: "Exchange" in driver.title(), seconds=15)
        cookie = next((c for c in driver.cookies() if c.get("name") == "paxsim_console"), None)
        if not cookie or not cookie.get("secure") or not cookie.get("httpOnly"):
            raise Failure(f"the session cookie over HTTPS is not Secure and HttpOnly: {cookie}")
        result["loggedIn"] = driver.title()
        result["secureCookie"] = True
        # The other console's certificate is not in the list: Chromium refuses it.
        try:
            driver.go(consoles["SV-DGME"][0] + "login")
            refused = "Log in" not in (driver.title() or "")
        except Failure as error:
            refused = "insecure certificate" in str(error) or "ERR_CERT" in str(error)
        if not refused:
            raise Failure("Chromium opened the SV-DGME console whose certificate it was not told to trust")
        result["otherCertificateRefused"] = True
    finally:
        driver.quit()
    seen["tls"] = result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--paxsim", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    seen = {"screenshots": [], "accessibility": {}}
    demo = subprocess.Popen([args.paxsim, "demo", "--web", "--interval", "1", "--duration", "110"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    tls_demo = None
    driver_port = free_port()
    chromedriver = subprocess.Popen(["chromedriver", f"--port={driver_port}", "--allowed-ips=127.0.0.1"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    driver = WebDriver(driver_port)
    status = 1
    try:
        consoles = {}
        deadline = time.monotonic() + 30
        while len(consoles) < 2 and time.monotonic() < deadline:
            line = demo.stdout.readline()
            if not line:
                break
            match = re.match(r"(\S+) console: (http://127\.0\.0\.1:\d+/)\s+operator token: (pxc-[0-9a-f]{40})", line)
            if match:
                consoles[match.group(1)] = (match.group(2), match.group(3))
        if len(consoles) < 2:
            raise Failure(f"the demo did not print two console URLs: {consoles}")
        agency, (base, token) = sorted(consoles.items())[-1]
        seen["agency"] = agency

        wait_for("chromedriver answers", lambda: _answers(driver_port), seconds=20)
        driver.start()

        def shoot(name):
            path = os.path.join(args.out, f"console-{name}.png")
            driver.screenshot(path)
            seen["screenshots"].append(path)
            problems = driver.run(ACCESSIBILITY_SCRIPT)
            seen["accessibility"][name] = problems
            if problems:
                raise Failure(f"accessibility problems on the {name} page: {problems}")

        # No session: the console sends the browser to the login page.
        driver.go(base + "hits")
        if not driver.url().endswith("/login"):
            raise Failure(f"without a session the console did not redirect to /login: {driver.url()}")
        shoot("login")
        driver.type(driver.find("#operator"), "browser-test")
        driver.type(driver.find("#token"), token)
        driver.click(driver.find("#login"))
        wait_for("the exchange page after login", lambda: "Exchange" in driver.title(), seconds=15)

        # The timeline grows as events arrive over SSE (no reload).
        wait_for("the live stream connects", lambda: driver.text(driver.find("#live-status")).startswith("Live"), seconds=15)
        first = int(driver.run("return Number(document.getElementById('timeline').dataset.last);"))
        items = len(driver.find_all("#timeline li"))
        grown = wait_for("new timeline entries arrive over SSE", lambda: (lambda n, c: (n, c) if n > first and c > items else None)(
            int(driver.run("return Number(document.getElementById('timeline').dataset.last);")),
            len(driver.find_all("#timeline li"))), seconds=30)
        seen["timeline"] = {"before": [first, items], "after": list(grown)}
        if driver.url().rstrip("/") != base.rstrip("/"):
            raise Failure("the page reloaded while waiting for SSE")
        shoot("exchange")

        # A flagged traveller from the hits queue.
        def hit_link():
            driver.go(base + "hits")
            links = driver.find_all("a.hit-link")
            return links[0] if links else None
        link = wait_for("a flagged traveller in the hits queue", hit_link, seconds=60, every=1)
        shoot("hits")
        driver.click(link)
        wait_for("the traveller page", lambda: driver.title().startswith("Traveller"), seconds=15)
        listed = [driver.text(e) for e in driver.find_all(".listed-name")]
        if not listed or not all(name.strip() for name in listed):
            raise Failure("the traveller page shows no listed entry's name")
        seen["listedEntry"] = listed[0]
        seen["traveller"] = driver.title()
        shoot("traveller")

        # Mark the hit reviewed.
        driver.click(driver.find("#verdict-true-match"))
        driver.type(driver.find("#note"), "checked against the listed entry")
        driver.click(driver.find("#review-submit"))
        review = wait_for("the review is shown", lambda: (lambda e: driver.text(e[0]) if e else None)(driver.find_all("#review-status")),
                          seconds=15)
        if "True match" not in review or "browser-test" not in review:
            raise Failure(f"the review status reads {review!r}")
        seen["review"] = review

        # The manifest of that traveller, and the other pages.
        driver.click(driver.find("main p a"))
        wait_for("the manifest page", lambda: driver.title().startswith("Manifest"), seconds=15)
        shoot("manifest")
        for page in ["flights", "assistance", "audit", "security"]:
            driver.go(base + page)
            wait_for(f"the {page} page", lambda: driver.title() and "Log in" not in driver.title(), seconds=15)
            shoot(page)
        driver.go(base + "hits")
        if "True match (browser-test)" not in driver.text(driver.find("#hits")):
            raise Failure("the hits queue does not show the review")
        driver.quit()
        driver.session = None
        # Started only now (it is up in about a second), so it does not slow the flow above.
        started = time.monotonic()
        tls_demo = subprocess.Popen([args.paxsim, "demo", "--web", "--tls", "--travelers", "2", "--interval", "60", "--duration", "60"],
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        tls_check(tls_demo, driver_port, seen)
        seen["tls"]["seconds"] = round(time.monotonic() - started, 1)
        status = 0
    except Exception as failure:
        seen["failure"] = f"{type(failure).__name__}: {failure}"
        try:
            seen["failureURL"] = driver.url()
            driver.screenshot(os.path.join(args.out, "console-failure.png"))
        except Exception:
            pass
    finally:
        driver.quit()
        chromedriver.terminate()
        running = [process for process in (demo, tls_demo) if process]
        for process in running:
            process.send_signal(signal.SIGINT)
        for process in running:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        try:
            chromedriver.wait(timeout=10)
        except subprocess.TimeoutExpired:
            chromedriver.kill()
    print(json.dumps(seen, sort_keys=True))
    return status


def _answers(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/status", timeout=2) as response:
            return json.loads(response.read())["value"].get("ready")
    except Exception:
        return False


if __name__ == "__main__":
    sys.exit(main())
