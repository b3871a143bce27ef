#!/usr/bin/env bash
# A simulated busy day: 1,500 flights x 200 travellers (300,000 travellers; every fifth flight
# goes to a third country and is held locally), every fault kind on. Builds release, runs
# `paxsim simulate` (which prints events/s), and prints the wall time of the whole run.
# Usage: Benchmarks/simulate_busy_day.sh [SEED]   (FAULTS=... to change the fault plan)
set -euo pipefail
cd "$(dirname "$0")/.."
seed="${1:-2026}"
faults="${FAULTS:-drop=0.05,dup=0.02,delay=0.1:10,corrupt=0.01,crash=2,partition=1:60,skew=10,forge=0.02}"
swift build -c release --product paxsim >/dev/null
bin="$(swift build -c release --show-bin-path)/paxsim"
start=$(date +%s%N)
status=0
"$bin" simulate --seed "$seed" --flights 1500 --travelers 200 --faults "$faults" || status=$?
end=$(date +%s%N)
echo "wall time (whole process, generation included): $(( (end - start) / 1000000 )) ms; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
