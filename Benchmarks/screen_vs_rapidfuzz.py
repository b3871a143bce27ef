#!/usr/bin/env python3
"""Watch-list screening throughput and recall: paxsim against a rapidfuzz baseline.

Builds paxsim in release mode, generates one seeded data set with `paxsim generate` (a
watch list of --entries entries with --plant planted subjects among --travelers passengers,
and the ground truth), then screens the same travellers against the same list with:

- paxsim on one core and on every core (`paxsim screen --jobs N --stats`), and
- a Python baseline of the kind a user would write: names folded to ASCII with unidecode,
  candidates blocked by birth year (±1) and the first three letters of each name token,
  then scored with rapidfuzz's Jaro-Winkler on the token-sorted full name, with a
  date-of-birth check and exact document-number hits.

Throughput counts screening only (both sides load and index the list first, timed
separately). For paxsim that is `RiskEngine.assess` over manifests already decoded: normalising
each traveller's name and document numbers, the index lookups, scoring, and building each
traveller's result; for the baseline, the blocking and scoring loop over travellers whose
names were folded beforehand (so the baseline's figure leaves out its normalisation). The Python baseline screens a sample of --python-sample travellers for its
rate and every planted traveller for its recall, so the run stays short. Recall is the share
of planted travellers flagged with their own entry; false positives are flagged travellers
who were not planted (per 10,000 screened).

    python3 Benchmarks/screen_vs_rapidfuzz.py                 # 100,000 entries, 100,000 travellers
    python3 Benchmarks/screen_vs_rapidfuzz.py --entries 20000 --travelers 20000 --plant 200
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time
import unicodedata
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NS = "{urn:paxsim:api:v1}"


def ensure(module, package):
    try:
        return __import__(module)
    except ImportError:
        print(f"installing {package} ...", file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", package])
        return __import__(module)


def run(cmd, **kw):
    print("$ " + " ".join(cmd), file=sys.stderr)
    return subprocess.run(cmd, check=True, **kw)


def build(scratch):
    run(["swift", "build", "-c", "release", "--product", "paxsim", "--scratch-path", scratch], cwd=ROOT)
    out = subprocess.run(["swift", "build", "-c", "release", "--product", "paxsim", "--scratch-path", scratch,
                          "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    return os.path.join(out, "paxsim")


def generate(paxsim, work, args):
    manifests = os.path.join(work, "manifests")
    watchlist = os.path.join(work, "watchlist.xml")
    truth = os.path.join(work, "watchlist.truth.jsonl")
    stamp = os.path.join(work, "params.json")
    params = {"seed": args.seed, "entries": args.entries, "travelers": args.travelers, "plant": args.plant,
              "flights": args.flights}
    if os.path.exists(stamp) and json.load(open(stamp)) == params and os.path.exists(truth):
        print(f"reusing the data set in {work}", file=sys.stderr)
        return manifests, watchlist, truth
    if os.path.exists(manifests):
        for name in os.listdir(manifests):
            os.remove(os.path.join(manifests, name))
    os.makedirs(work, exist_ok=True)
    run([paxsim, "generate", "--seed", str(args.seed), "--flights", str(args.flights),
         "--total-travelers", str(args.travelers), "--out", manifests, "--watchlist-out", watchlist,
         "--plant", str(args.plant), "--watchlist-size", str(args.entries), "--quiet"])
    json.dump(params, open(stamp, "w"))
    return manifests, watchlist, truth


def load_truth(path):
    truth = {}
    with open(path) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                truth[(r["manifestMessageId"], r["travelerReference"])] = r["watchListEntryId"]
    return truth


# ----------------------------------------------------------------------------- paxsim

STATS = re.compile(r"screening: (\d+) travellers in ([0-9.]+) s = ([0-9]+) travellers/s")
INDEX = re.compile(r"watch list: (\d+) entries loaded in ([0-9.]+) s, indexed in ([0-9.]+) s")


def paxsim_screen(paxsim, manifests, watchlist, jobs):
    result = subprocess.run([paxsim, "screen", manifests, "--watchlist", watchlist, "--jobs", str(jobs),
                             "--stats", "--format", "json"], check=True, capture_output=True)
    stderr = result.stderr.decode()
    stats = STATS.search(stderr)
    index = INDEX.search(stderr)
    if not stats:
        sys.exit("paxsim screen printed no statistics:\n" + stderr)
    report = json.loads(result.stdout)
    flagged = {}
    for manifest in report["manifests"]:
        for t in manifest["travelers"]:
            ids = [h["match"]["entryId"] for h in t["watchListHits"]]
            if ids:
                flagged[(manifest["manifestMessageId"], t["travelerReference"])] = ids
    return {"travelers": int(stats.group(1)), "seconds": float(stats.group(2)), "rate": float(stats.group(3)),
            "load": float(index.group(2)) if index else None, "index": float(index.group(3)) if index else None,
            "flagged": flagged}


# ----------------------------------------------------------------------------- baseline

PARTICLES = {"DE", "DEL", "LA", "LAS", "LOS", "DA", "DOS", "DI", "VAN", "VON", "DER", "AL", "EL", "BIN", "IBN", "Y"}


def fold(text, unidecode):
    text = unidecode(text or "")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).upper()
    tokens = re.split(r"[^A-Z]+", text.replace("'", ""))
    kept = [t for t in tokens if t and t not in PARTICLES]
    return kept or [t for t in tokens if t]


def parse_date(text):
    y, m, d = text.split("-")
    return int(y), int(m), int(d)


def load_watchlist(path, unidecode):
    entries = []
    for entry in ET.parse(path).getroot().iter(NS + "Entry"):
        names = []
        for name in entry.findall(NS + "Name"):
            surname = name.findtext(NS + "Surname")
            given = name.findtext(NS + "GivenNames")
            tokens = fold(surname, unidecode) + fold(given, unidecode)
            names.append((tokens, " ".join(sorted(tokens))))
        dob, years = None, None
        if entry.find(NS + "DateOfBirth") is not None:
            dob = parse_date(entry.findtext(NS + "DateOfBirth"))
            years = (dob[0], dob[0])
        elif entry.find(NS + "BirthYear") is not None:
            y = int(entry.findtext(NS + "BirthYear"))
            years = (y, y)
        elif entry.find(NS + "BirthDateRange") is not None:
            r = entry.find(NS + "BirthDateRange")
            years = (parse_date(r.findtext(NS + "From"))[0], parse_date(r.findtext(NS + "To"))[0])
        docs = {d.findtext(NS + "Number") for d in entry.findall(NS + "Document")}
        entries.append({"id": entry.get("id"), "names": names, "dob": dob, "years": years, "docs": docs})
    return entries


def build_index(entries):
    by_key, by_doc = {}, {}
    for i, e in enumerate(entries):
        years = range(e["years"][0], e["years"][1] + 1) if e["years"] and e["years"][1] - e["years"][0] <= 6 else [None]
        for tokens, _ in e["names"]:
            for t in tokens:
                for y in years:
                    by_key.setdefault((t[:3], y), set()).add(i)
        for d in e["docs"]:
            by_doc.setdefault(d, set()).add(i)
    return by_key, by_doc


def load_travelers(directory, unidecode):
    travelers = []
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".xml"):
            continue
        root = ET.parse(os.path.join(directory, name)).getroot()
        if root.tag != NS + "TravelerManifest":
            continue
        manifest_id = root.find(NS + "Header").findtext(NS + "MessageId")
        for t in root.iter(NS + "Traveler"):
            tokens = fold(t.findtext(NS + "Surname"), unidecode) + fold(t.findtext(NS + "GivenNames"), unidecode)
            travelers.append({"key": (manifest_id, t.get("reference")), "tokens": tokens,
                              "sorted": " ".join(sorted(tokens)), "dob": parse_date(t.findtext(NS + "DateOfBirth")),
                              "docs": [d.findtext(NS + "Number") for d in t.iter(NS + "Document")]})
    return travelers


def dob_compatible(dob, e):
    if e["dob"]:
        y, m, d = e["dob"]
        return (dob == e["dob"] or (dob[0] == y and dob[1] == d and dob[2] == m)
                or (abs(dob[0] - y) == 1 and dob[1:] == (m, d)))
    if e["years"]:
        return e["years"][0] - 1 <= dob[0] <= e["years"][1] + 1
    return True


def baseline_screen(traveler, entries, by_key, by_doc, jw, threshold):
    candidates = set()
    y = traveler["dob"][0]
    for t in traveler["tokens"]:
        for year in (y - 1, y, y + 1, None):
            candidates |= by_key.get((t[:3], year), set())
    hits = []
    for d in traveler["docs"]:
        for i in by_doc.get(d, ()):
            hits.append(entries[i]["id"])
    for i in candidates:
        e = entries[i]
        if not dob_compatible(traveler["dob"], e):
            continue
        best = max(jw.similarity(traveler["sorted"], sorted_name) for _, sorted_name in e["names"])
        if best >= threshold:
            hits.append(e["id"])
    return hits


# ----------------------------------------------------------------------------- report

def measure(flagged, truth, screened_keys):
    planted = [k for k in screened_keys if k in truth]
    found = sum(1 for k in planted if truth[k] in flagged.get(k, []))
    negatives = [k for k in screened_keys if k not in truth]
    false_positives = sum(1 for k in negatives if flagged.get(k))
    return found, len(planted), false_positives, len(negatives)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--travelers", type=int, default=100_000)
    parser.add_argument("--plant", type=int, default=1_000)
    parser.add_argument("--flights", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", default="/tmp/paxsim-screen-bench")
    parser.add_argument("--scratch-path", default=os.path.join(ROOT, ".build"))
    parser.add_argument("--paxsim", help="use this paxsim binary instead of building one")
    parser.add_argument("--python-sample", type=int, default=10_000, help="travellers the baseline times")
    parser.add_argument("--python-threshold", type=float, default=0.90, help="baseline Jaro-Winkler threshold")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="threads for the multi-core run")
    args = parser.parse_args()

    rapidfuzz = ensure("rapidfuzz", "rapidfuzz")
    from rapidfuzz.distance import JaroWinkler
    unidecode = ensure("unidecode", "Unidecode").unidecode

    paxsim = args.paxsim or build(args.scratch_path)
    manifests, watchlist, truth_path = generate(paxsim, args.work, args)
    truth = load_truth(truth_path)

    one = paxsim_screen(paxsim, manifests, watchlist, 1)
    many = paxsim_screen(paxsim, manifests, watchlist, args.jobs)
    if one["flagged"] != many["flagged"]:
        sys.exit("paxsim gave different results on 1 and %d threads" % args.jobs)

    t0 = time.perf_counter()
    entries = load_watchlist(watchlist, unidecode)
    t1 = time.perf_counter()
    by_key, by_doc = build_index(entries)
    t2 = time.perf_counter()
    travelers = load_travelers(manifests, unidecode)
    sample = travelers[:args.python_sample]
    start = time.perf_counter()
    flagged_py = {}
    for t in sample:
        hits = baseline_screen(t, entries, by_key, by_doc, JaroWinkler, args.python_threshold)
        if hits:
            flagged_py[t["key"]] = hits
    py_seconds = time.perf_counter() - start
    py_rate = len(sample) / py_seconds
    sample_keys = {t["key"] for t in sample}
    for t in travelers:
        if t["key"] in truth and t["key"] not in sample_keys:
            hits = baseline_screen(t, entries, by_key, by_doc, JaroWinkler, args.python_threshold)
            if hits:
                flagged_py[t["key"]] = hits
    planted_keys = [t["key"] for t in travelers if t["key"] in truth]

    all_keys = [t["key"] for t in travelers]
    px_found, px_planted, px_fp, px_neg = measure(many["flagged"], truth, all_keys)
    py_found, py_planted, _, _ = measure(flagged_py, truth, planted_keys)
    _, _, py_fp, py_neg = measure(flagged_py, truth, [k for k in all_keys[:args.python_sample] if k not in truth])

    print()
    print(f"watch list: {len(entries):,} entries; travellers: {len(travelers):,} ({px_planted} planted); "
          f"machine: {os.cpu_count()} cores")
    print(f"paxsim load+index: {one['load']:.2f} s + {one['index']:.2f} s;  "
          f"python load+index: {t1 - t0:.2f} s + {t2 - t1:.2f} s")
    print()
    print("| screener                         | travellers/s | recall | false positives / 10k |")
    print("|----------------------------------|--------------|--------|-----------------------|")
    rows = [
        ("paxsim, 1 thread", one["rate"], px_found / max(px_planted, 1), px_fp / max(px_neg, 1) * 10_000),
        (f"paxsim, {args.jobs} threads", many["rate"], px_found / max(px_planted, 1), px_fp / max(px_neg, 1) * 10_000),
        ("python + rapidfuzz JW, 1 process", py_rate, py_found / max(py_planted, 1), py_fp / max(py_neg, 1) * 10_000),
    ]
    for name, rate, recall, fp in rows:
        print(f"| {name:<32} | {rate:>12,.0f} | {recall:>6.3f} | {fp:>21.1f} |")
    print()
    print(f"paxsim {args.jobs} threads / 1 thread: {many['rate'] / one['rate']:.2f}x")
    print(f"paxsim 1 thread / python: {one['rate'] / py_rate:.1f}x;  paxsim {args.jobs} threads / python: "
          f"{many['rate'] / py_rate:.1f}x")
    print(f"recall paxsim {px_found}/{px_planted}, python {py_found}/{py_planted} "
          f"(python threshold {args.python_threshold}, sample {len(sample):,} travellers)")


if __name__ == "__main__":
    main()
