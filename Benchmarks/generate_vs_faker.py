#!/usr/bin/env python3
"""Generation throughput and memory: `paxsim generate` against the baseline a user would
otherwise write (Python, Faker for names/dates/addresses, lxml's streaming writer), same run.

    python3 Benchmarks/generate_vs_faker.py [--travelers 1000000] [--baseline-travelers N] [--runs 3]
                                            [--scratch-path .build] [--paxsim PATH] [--validate]

Builds paxsim in release mode (unless --paxsim names a binary), then writes one manifest of
--travelers travellers (SAL -> IAH, seed 1) with each tool to Benchmarks/work/, measuring wall
time (generate + serialize + write), output size and peak RSS (GNU time %M). The baseline runs
--baseline-travelers travellers (default: the same number); rates are per second, so a smaller
baseline run still compares like with like. The two take turns, --runs times each; the best
run of each is reported, with the median beside it. Ratios are paxsim rate / baseline rate.
Targets: paxsim >= 20x the baseline, >= 200,000 travellers/s, peak RSS < 100 MiB.
Installs faker and lxml with pip when they are missing.
"""
import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import time

root = pathlib.Path(__file__).resolve().parent.parent
work = root / "Benchmarks" / "work"


def ensure_python_packages():
    try:
        import faker  # noqa: F401
        import lxml  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "faker", "lxml"], check=True)


def measure(cmd):
    """Wall seconds and peak RSS (KiB) of one run, via GNU time."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd[:6])}...\n{proc.stderr[-2000:]}")
    return elapsed, int(proc.stderr.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--travelers", type=int, default=1_000_000)
    ap.add_argument("--baseline-travelers", type=int)
    ap.add_argument("--runs", type=int, default=3, help="runs of each tool, taken in turns; the best is reported")
    ap.add_argument("--scratch-path", default=".build")
    ap.add_argument("--paxsim", help="use this paxsim binary instead of building one")
    ap.add_argument("--validate", action="store_true", help="also check paxsim's output with paxsim validate --stream")
    args = ap.parse_args()
    if not os.path.exists("/usr/bin/time"):
        sys.exit("GNU time is required (apt-get install time)")
    ensure_python_packages()
    paxsim = args.paxsim
    if not paxsim:
        subprocess.run(["swift", "build", "-c", "release", "--product", "paxsim", "--scratch-path", args.scratch_path],
                       cwd=root, check=True, stdout=subprocess.DEVNULL)
        paxsim = str(root / args.scratch_path / "release" / "paxsim")
    if subprocess.run([paxsim, "generate", "--help"], capture_output=True).returncode != 0:
        sys.exit(f"{paxsim} has no generate subcommand")
    work.mkdir(parents=True, exist_ok=True)
    baseline_count = args.baseline_travelers or args.travelers

    out_dir = work / "generated"
    b_file = work / "faker-baseline.xml"
    # The tools take turns, --runs times each, so a slow spell of the machine falls on both;
    # each reports its best run (and the median beside it).
    p_runs, b_runs = [], []
    for _ in range(args.runs):
        subprocess.run(["rm", "-rf", str(out_dir)], check=True)
        p_runs.append(measure([paxsim, "generate", "--seed", "1", "--from", "SAL", "--to", "IAH",
                               "--travelers", str(args.travelers), "--out", str(out_dir), "--quiet"]))
        b_runs.append(measure([sys.executable, str(root / "Benchmarks" / "generate_faker_baseline.py"),
                               str(baseline_count), str(b_file)]))
    p_time, p_rss = min(p_runs)
    b_time, b_rss = min(b_runs)
    p_median, b_median = statistics.median(t for t, _ in p_runs), statistics.median(t for t, _ in b_runs)
    p_file = next(out_dir.glob("P*.xml"))
    p_mb = p_file.stat().st_size / 1e6
    b_mb = b_file.stat().st_size / 1e6

    p_rate, b_rate = args.travelers / p_time, baseline_count / b_time
    print(f"paxsim generate vs Python Faker + lxml ({os.cpu_count()} cores)")
    print(f"  {'':<34} {'travellers':>11} {'time':>9} {'travellers/s':>13} {'MB/s':>8} {'size':>9} {'peak RSS':>10}")
    print(f"  {'paxsim generate':<34} {args.travelers:>11,} {p_time:>8.2f}s {p_rate:>13,.0f} {p_mb / p_time:>8.1f} "
          f"{p_mb:>7.0f}MB {p_rss / 1024:>8.1f}MiB")
    print(f"  {'Python Faker + lxml (xmlfile)':<34} {baseline_count:>11,} {b_time:>8.2f}s {b_rate:>13,.0f} {b_mb / b_time:>8.1f} "
          f"{b_mb:>7.0f}MB {b_rss / 1024:>8.1f}MiB")
    print(f"  runs: {args.runs} each, best shown; paxsim {', '.join(f'{t:.2f}s' for t, _ in p_runs)} "
          f"(median {p_median:.2f}s = {args.travelers / p_median:,.0f}/s); baseline median {b_median:.2f}s")
    print(f"  ratio (paxsim / baseline): {p_rate / b_rate:.1f}x travellers/s, {(p_mb / p_time) / (b_mb / b_time):.1f}x MB/s")
    print(f"  targets: >= 20x baseline {'met' if p_rate >= 20 * b_rate else 'NOT met'}; "
          f">= 200,000 travellers/s {'met' if p_rate >= 200_000 else 'NOT met'}; "
          f"peak RSS < 100 MiB {'met' if p_rss < 100 * 1024 else 'NOT met'}")
    if args.validate:
        proc = subprocess.run([paxsim, "validate", "--stream", "--schema-only", str(p_file)], capture_output=True, text=True)
        print(f"  paxsim validate --stream --schema-only: exit {proc.returncode}: {proc.stdout.strip().splitlines()[-1]}")


main()
