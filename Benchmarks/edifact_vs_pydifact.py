#!/usr/bin/env python3
"""PAXLST reading speed and memory: `paxsim convert` against Python `pydifact`, same run.

    python3 Benchmarks/edifact_vs_pydifact.py [--binary PATH] [--runs 3] [--travelers 100000]
                                              [--huge-gb 1] [--skip-huge]

Needs a release build (`swift build -c release --product paxsim`; found in .build/release or
.build-release/release, or given with --binary) and `pip install pydifact`.
  1. One PAXLST interchange of --travelers passengers (`paxsim generate --format paxlst`), on
     one core (taskset -c 0 for all): pydifact parses it into segments
     (`Interchange.from_str`, every segment visited); paxsim's parse is
     `validate --syntax-only --strict` (every segment lexed, every value checked against the
     syntax level and the limits, release characters resolved, envelopes with their counts and
     references checked; values of data segments are checked but not kept as strings), the
     ratio printed is this parse against pydifact's. Also `convert --to xml -o DIR` (parse,
     envelopes, mapping to the manifest model, XML written), which does more than pydifact.
     MB/s = input bytes / best wall time of --runs (whole process, start-up included).
  2. A ~--huge-gb GB interchange file (many flights, streamed): peak RSS and time of
     `paxsim validate --syntax-only`, `paxsim validate` (convert + schema + business rules per
     manifest) and `paxsim convert`.
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import time

root = pathlib.Path(__file__).resolve().parent.parent
work = root / "Benchmarks" / "work" / "edifact"

PYDIFACT_PARSE = r"""
import sys, time
from pydifact.segmentcollection import Interchange
text = open(sys.argv[1], encoding="utf-8").read()
start = time.perf_counter()
interchange = Interchange.from_str(text)
count = sum(1 for _ in interchange.segments)
print(time.perf_counter() - start, count)
"""


def find_binary(given):
    candidates = [given] if given else [root / ".build" / "release" / "paxsim", root / ".build-release" / "release" / "paxsim"]
    for candidate in candidates:
        if candidate and pathlib.Path(candidate).is_file():
            return str(candidate)
    sys.exit("no release paxsim: run `swift build -c release --product paxsim` or pass --binary")


def run_once(cmd):
    """Wall time and peak RSS (KiB) of one run, via GNU time."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd[:6])}...\n{proc.stderr[-2000:]}")
    return elapsed, int(proc.stderr.strip().splitlines()[-1])


def generate(paxsim, out, seed, flights, travelers):
    if out.exists():
        shutil.rmtree(out)
    subprocess.run([paxsim, "generate", "--seed", str(seed), "--flights", str(flights), "--travelers", str(travelers),
                    "--format", "paxlst", "--out", str(out), "--quiet"], check=True, stderr=subprocess.DEVNULL)
    return sorted(out.glob("*.edi"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--travelers", type=int, default=100_000)
    parser.add_argument("--huge-gb", type=float, default=1.0)
    parser.add_argument("--skip-huge", action="store_true")
    args = parser.parse_args()
    paxsim = find_binary(args.binary)
    try:
        import pydifact  # noqa: F401
    except ImportError:
        sys.exit("pip install pydifact")
    work.mkdir(parents=True, exist_ok=True)
    one_core = ["taskset", "-c", "0"] if shutil.which("taskset") else []

    # 1. One big list, one core.
    [listing] = generate(paxsim, work / "list", 1, 1, args.travelers)
    size = listing.stat().st_size
    ours, theirs, parse = [], [], []
    for _ in range(args.runs):
        parse.append(run_once(one_core + [paxsim, "validate", "--syntax-only", "--strict", "--quiet", str(listing)]))
        out = work / "list-xml"
        if out.exists():
            shutil.rmtree(out)
        elapsed, rss = run_once(one_core + [paxsim, "convert", str(listing), "--to", "xml", "-o", str(out)])
        ours.append((elapsed, rss))
        proc = subprocess.run(one_core + [sys.executable, "-c", PYDIFACT_PARSE, str(listing)], check=True,
                              capture_output=True, text=True)
        parse_seconds, segments = proc.stdout.split()
        theirs.append(float(parse_seconds))
    best_parse = min(parse)
    best_ours = min(ours)
    best_theirs = min(theirs)
    mb = size / 1e6
    print(f"PAXLST of {args.travelers:,} travellers: {mb:.1f} MB, {int(segments):,} segments (pydifact's count)")
    print(f"  paxsim validate --syntax-only --strict (parse + envelopes), 1 core: {best_parse[0]:.2f} s, "
          f"{mb / best_parse[0]:.1f} MB/s, peak RSS {best_parse[1] / 1024:.0f} MB")
    print(f"  paxsim convert --to xml (parse + envelopes + mapping + XML), 1 core: {best_ours[0]:.2f} s, "
          f"{mb / best_ours[0]:.1f} MB/s, peak RSS {best_ours[1] / 1024:.0f} MB")
    print(f"  pydifact Interchange.from_str (parse only), 1 core:                  {best_theirs:.2f} s, {mb / best_theirs:.2f} MB/s")
    print(f"  parse ratio (paxsim --syntax-only MB/s / pydifact MB/s): {best_theirs / best_parse[0]:.1f}x (goal 50x)")
    print(f"  convert ratio (paxsim convert MB/s / pydifact parse MB/s): {best_theirs / best_ours[0]:.1f}x")

    if args.skip_huge:
        return
    # 2. ~1 GB of interchanges (many flights), streamed.
    flights = generate(paxsim, work / "flights", 2, 40, 2_000)
    chunk = b"".join(path.read_bytes() for path in flights)
    huge = work / "huge.edi"
    target = int(args.huge_gb * 1e9)
    with open(huge, "wb") as out:
        written = 0
        while written < target:
            out.write(chunk)
            written += len(chunk)
    gb = huge.stat().st_size / 1e9
    print(f"{gb:.2f} GB interchange file ({len(flights)} flights x {written // len(chunk)} copies):")
    elapsed, rss = run_once(one_core + [paxsim, "validate", "--syntax-only", "--strict", str(huge), "--quiet"])
    print(f"  paxsim validate --syntax-only --strict, 1 core: {elapsed:.1f} s ({gb * 1000 / elapsed:.1f} MB/s), peak RSS {rss / 1024:.0f} MB")
    elapsed, rss = run_once([paxsim, "validate", str(huge), "--quiet"])
    print(f"  paxsim validate: {elapsed:.1f} s ({gb * 1000 / elapsed:.1f} MB/s), peak RSS {rss / 1024:.0f} MB")
    out = work / "huge-xml"
    if out.exists():
        shutil.rmtree(out)
    elapsed, rss = run_once([paxsim, "convert", str(huge), "--to", "xml", "-o", str(out)])
    print(f"  paxsim convert --to xml: {elapsed:.1f} s ({gb * 1000 / elapsed:.1f} MB/s), peak RSS {rss / 1024:.0f} MB")
    shutil.rmtree(out)
    huge.unlink()


if __name__ == "__main__":
    main()
