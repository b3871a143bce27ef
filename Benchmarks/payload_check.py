#!/usr/bin/env python3
"""The receiver's per-manifest payload check, timed in process, against xmllint in the same run.

    python3 Benchmarks/payload_check.py [--paxsim .build/release/paxsim] [--small 200] [--large 20] [--rounds 5]

Generates (`paxsim generate`, SAL -> IAH, as Benchmarks/live_exchange.py does) a set of
20-traveller manifests and a set of 200-traveller manifests, and a watch list with planted
subjects (130 entries, as live_exchange.py's default run), then for each set:

  paxsim  `paxsim bench payload-check`: exactly what a live agency runs per received manifest
          before its serial path (`PayloadPrecheck.compute`: hardened parse, schema, business
          rules, decode, screening with the agency's engine), one thread; also the check alone
          and the screening alone. Wall and thread-CPU microseconds.
  xmllint `xmllint --noout --schema Schemas/v1/paxsim.xsd FILES...` (parse + schema only, one
          process, one schema compile for all files): the peer. Its time per manifest is
          (time for all files - time for one file) / (files - 1), so its schema compile and
          process start are not counted.
The two take turns --rounds times (paxsim's best of 2 rounds each time) and the best of each
is kept, so a slow spell on a shared machine falls on both alike.

Ratios are xmllint time / paxsim time per manifest (above 1.0: paxsim's whole check, which does
more than xmllint, is faster than xmllint's parse and schema validation alone).
"""
import argparse, json, os, shutil, subprocess, sys, tempfile, time
from benchlib import allocator

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA = os.path.join(ROOT, "Schemas", "v1", "paxsim.xsd")


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True)


def xmllint_seconds(files, rounds):
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(["xmllint", "--noout", "--schema", SCHEMA] + files, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--paxsim", default=os.path.join(ROOT, ".build", "release", "paxsim"))
    ap.add_argument("--small", type=int, default=200, help="manifests of 20 travellers")
    ap.add_argument("--large", type=int, default=20, help="manifests of 200 travellers")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    if not os.access(args.paxsim, os.X_OK):
        sys.exit(f"no paxsim binary at {args.paxsim}: inbuild ... swift build -c release --product paxsim")
    if shutil.which("xmllint") is None:
        sys.exit("xmllint not found (Debian package libxml2-utils)")
    work = tempfile.mkdtemp(prefix="paxsim-payload-check-")
    try:
        watchlist = f"{work}/watchlist.xml"
        run([args.paxsim, "generate", "--seed", "1", "--flights", str(args.large), "--travelers", "200",
             "--from", "SAL", "--to", "IAH", "--out", f"{work}/t200", "--watchlist-out", watchlist,
             "--plant", "30", "--quiet"])
        run([args.paxsim, "generate", "--seed", "2", "--flights", str(args.small), "--travelers", "20",
             "--from", "SAL", "--to", "IAH", "--out", f"{work}/t20", "--quiet"])
        rows = []
        for label, directory in (("20 travellers", f"{work}/t20"), ("200 travellers", f"{work}/t200")):
            files = sorted(os.path.join(directory, n) for n in os.listdir(directory) if n.endswith(".xml"))
            # paxsim and xmllint take turns, run by run, so a slow spell on a shared machine
            # falls on both alike; the best of each is kept.
            figures, xmllint_us = None, float("inf")
            for _ in range(args.rounds):
                out = run([args.paxsim, "bench", "payload-check", "--watchlist", watchlist, "--rounds", "2"] + files)
                f = json.loads(out.stdout)
                if figures is None:
                    figures = f
                else:
                    for key in ("precheckWall", "precheckCPU", "checkWall", "checkCPU", "screeningCPU"):
                        figures[key] = min(figures[key], f[key])
                all_files = xmllint_seconds(files, 1)
                one_file = xmllint_seconds(files[:1], 1)
                xmllint_us = min(xmllint_us, max(0.0, all_files - one_file) / max(1, len(files) - 1) * 1e6)
            rows.append((label, len(files), figures, xmllint_us))
        print(f"payload check per manifest (paxsim {args.paxsim}, {allocator(args.paxsim)}; best of {args.rounds} turns, one thread)")
        print(f"  {'set':<15} {'files':>5} {'precheck wall':>13} {'precheck CPU':>12} {'per traveller':>13} "
              f"{'check CPU':>10} {'screen CPU':>10} {'xmllint':>9} {'xmllint/precheck':>16}")
        for label, count, f, x in rows:
            per_traveller = f["precheckCPU"] / f["travelersPerManifest"]
            print(f"  {label:<15} {count:>5} {f['precheckWall']:>11.0f}us {f['precheckCPU']:>10.0f}us "
                  f"{per_traveller:>11.1f}us {f['checkCPU']:>8.0f}us {f['screeningCPU']:>8.0f}us {x:>7.0f}us "
                  f"{x / f['precheckWall'] if f['precheckWall'] else 0:>16.2f}")
        print("  precheck = PayloadPrecheck.compute (parse, schema, rules, decode, screening), as ExchangeIntake runs it;")
        print("  check = PayloadCheck.check alone; xmllint = parse + schema only, per file after the first.")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
