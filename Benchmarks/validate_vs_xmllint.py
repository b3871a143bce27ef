#!/usr/bin/env python3
"""Validation throughput and memory: `paxsim validate` against `xmllint --schema`, same run.

    python3 Benchmarks/validate_vs_xmllint.py [--runs 5] [--huge-gb 1] [--skip-huge]

Builds paxsim in release mode, makes the corpora (Benchmarks/make_corpus.py), then measures:
  1. one 50 MB manifest, one core (taskset -c 0 for both tools);
  2. 2,000 manifests of 25 KB: one core, and paxsim on both cores against xmllint
     (xmllint has no parallel mode; its one-process, one-schema run is the peer);
  3. streaming validation of a ~1 GB manifest: time and peak RSS (paxsim --stream, xmllint --stream).
Both tools validate against the same v1 schema (paxsim's embedded copy equals Schemas/v1).
paxsim runs with --schema-only, as xmllint checks no business rules; without rules paxsim
streams every file (no tree is needed), and a --tree row shows the tree mode xmllint uses.
Times are the best of
--runs runs; ratios are xmllint time / paxsim time (above 1.0 means paxsim is faster).
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import time

from benchlib import allocator

root = pathlib.Path(__file__).resolve().parent.parent
work = root / "Benchmarks" / "work"
schema = root / "Schemas" / "v1" / "paxsim.xsd"


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def run_once(cmd, expect_ok=True):
    """Wall time and peak RSS (KiB) of one run, via GNU time."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if expect_ok and proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd[:6])}...\n{proc.stderr[-2000:]}")
    return elapsed, int(proc.stderr.strip().splitlines()[-1])


def measure(cmd, runs, expect_ok=True):
    """Best wall time and the peak RSS (KiB) of that run."""
    return measure_together([cmd], runs, expect_ok)[0]


def measure_together(cmds, runs, expect_ok=True):
    """Best wall time (and that run's peak RSS) of each command, the commands taking turns
    run by run, so a slow spell on a shared machine falls on all of them alike."""
    best = [None] * len(cmds)
    for _ in range(runs):
        for i, cmd in enumerate(cmds):
            result = run_once(cmd, expect_ok)
            if best[i] is None or result[0] < best[i][0]:
                best[i] = result
    return best


def row(name, seconds, rss_kib, megabytes, peer=None):
    mbps = megabytes / seconds
    ratio = f"{peer / seconds:6.2f}x" if peer else "       "
    print(f"  {name:<44} {seconds:8.2f} s {mbps:8.1f} MB/s {rss_kib / 1024:8.1f} MiB  {ratio}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--huge-gb", type=float, default=1.0)
    ap.add_argument("--skip-huge", action="store_true")
    ap.add_argument("--paxsim", help="a paxsim binary to measure (default: build .build/release/paxsim first)")
    args = ap.parse_args()
    for tool in ("xmllint", "taskset", "/usr/bin/time"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is required (apt-get install libxml2-utils util-linux time)")

    if args.paxsim:
        paxsim = args.paxsim
    else:
        sh(["swift", "build", "-c", "release", "--product", "paxsim"], cwd=root, stdout=subprocess.DEVNULL)
        paxsim = str(root / ".build" / "release" / "paxsim")
    work.mkdir(parents=True, exist_ok=True)
    make = [sys.executable, str(root / "Benchmarks" / "make_corpus.py")]
    big, many, huge = work / "big50.xml", work / "many", work / "huge.xml"
    if not big.exists():
        sh(make + ["big", str(big), "50"], stdout=subprocess.DEVNULL)
    if not many.exists() or len(list(many.glob("*.xml"))) != 2000:
        shutil.rmtree(many, ignore_errors=True)
        sh(make + ["many", str(many), "2000", "25"], stdout=subprocess.DEVNULL)
    many_files = sorted(str(p) for p in many.glob("*.xml"))
    many_mb = sum(os.path.getsize(p) for p in many_files) / 1e6
    big_mb = big.stat().st_size / 1e6

    xsd = str(schema)
    print(f"paxsim validate vs xmllint --schema ({os.cpu_count()} cores, best of {args.runs}; {paxsim}, {allocator(paxsim)})")
    print(f"  {'':<44} {'time':>10} {'throughput':>13} {'peak RSS':>12}  vs xmllint")

    print(f"one {big_mb:.0f} MB manifest, one core:")
    x, p, t = measure_together([
        ["taskset", "-c", "0", "xmllint", "--noout", "--schema", xsd, str(big)],
        ["taskset", "-c", "0", paxsim, "validate", "--schema-only", "--jobs", "1", str(big)],
        ["taskset", "-c", "0", paxsim, "validate", "--schema-only", "--tree", "--jobs", "1", str(big)]], args.runs)
    row("xmllint --noout --schema", *x, big_mb)
    row("paxsim validate --schema-only (streams)", *p, big_mb, x[0])
    row("paxsim validate --schema-only --tree", *t, big_mb, x[0])

    print(f"{len(many_files)} manifests of 25 KB ({many_mb:.0f} MB):")
    x, p1, t1, p2, pr = measure_together([
        ["taskset", "-c", "0", "xmllint", "--noout", "--schema", xsd] + many_files,
        ["taskset", "-c", "0", paxsim, "validate", "--schema-only", "--jobs", "1", str(many)],
        ["taskset", "-c", "0", paxsim, "validate", "--schema-only", "--tree", "--jobs", "1", str(many)],
        [paxsim, "validate", "--schema-only", str(many)],
        [paxsim, "validate", str(many)]], args.runs)
    row("xmllint --noout --schema (one process)", *x, many_mb)
    row("paxsim validate --schema-only, 1 core", *p1, many_mb, x[0])
    row("paxsim validate --schema-only --tree, 1 core", *t1, many_mb, x[0])
    row(f"paxsim validate --schema-only, {os.cpu_count()} cores", *p2, many_mb, x[0])
    row(f"paxsim validate (schema + rules), {os.cpu_count()} cores", *pr, many_mb, x[0])

    if not args.skip_huge:
        if not huge.exists() or abs(huge.stat().st_size / 1e9 - args.huge_gb) > 0.05:
            sh(make + ["big", str(huge), str(args.huge_gb * 1000)], stdout=subprocess.DEVNULL)
        huge_mb = huge.stat().st_size / 1e6
        print(f"streaming one {huge_mb / 1000:.2f} GB manifest:")
        x = measure(["xmllint", "--stream", "--noout", "--schema", xsd, str(huge)], 1)
        p = measure([paxsim, "validate", "--stream", "--schema-only", str(huge)], 1)
        row("xmllint --stream --noout --schema", *x, huge_mb)
        row("paxsim validate --stream --schema-only", *p, huge_mb, x[0])
        print(f"  peak RSS target under 100 MiB: {'met' if p[1] < 100 * 1024 else 'NOT met'} ({p[1] / 1024:.1f} MiB)")


main()
