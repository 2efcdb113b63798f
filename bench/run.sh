#!/usr/bin/env bash
# Measures DxTrack against its limits and writes bench/RESULTS.md and bench/results.json.
#   bench/run.sh            the full run: ~10,000 agencies, 3.6 M obligations, 15 s steps (under 20 minutes)
#   bench/run.sh --quick    a smoke run: 300 agencies, 1 s steps (under two minutes once built);
#                           writes bench/out/quick/ instead, so the full results are kept
# Other options: --agencies N, --only gateway,dashboard,intake,propagation,outbox,fanout,memory, --out FOLDER;
# a run with --agencies or --only writes bench/out/partial/ instead.
# Builds Release, then starts the whole system in local mode through the AppHost (under the AppHost lock,
# so it never fights another ./run.sh over ports), loads the data set and drives each scenario.
# The driver's log: bench/out/bench.log.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

DXTRACK_MODE=local scripts/prereqs.sh
mkdir -p bench/out
echo "Building (Release)…"
if ! dotnet build bench/Driver -c Release -nologo -v quiet > bench/out/build.log 2>&1 < /dev/null; then
  grep -E ': error ' bench/out/build.log | sort -u >&2
  echo "bench/run.sh: the build failed; see bench/out/build.log" >&2
  exit 1
fi

echo "Waiting for the AppHost lock (/tmp/dxtrack-apphost.lock)…"
# The driver starts the AppHost itself (Aspire.Hosting.Testing) and stops it when done; a run that
# overstays 30 minutes is stopped so it cannot hold the lock forever.
flock /tmp/dxtrack-apphost.lock \
  timeout --kill-after=60s 30m dotnet "$root/bench/Driver/bin/Release/net10.0/DxTrack.Bench.dll" "$@" < /dev/null \
  2>&1 | tee bench/out/bench.log
