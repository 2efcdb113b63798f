#!/usr/bin/env bash
# Runs every test project against real servers and ends with one line: `N passed, N failed[, N skipped]`.
#   installs what is missing (chromium for tests/Browser.Tests too) → starts the test servers → builds Aspire.sln once → runs the test
#   projects (two at a time) → prints each project's result → stops the servers it started.
# Exit status: 0 only if every test project ran and nothing failed.
#   DXTRACK_TEST_PARALLEL (2)            test projects run at once
#   DXTRACK_TEST_PROJECT_TIMEOUT (12m)   a project still running after this counts as failed
#   DXTRACK_TEST_*_PORT                  see scripts/test-servers.sh
# Results: TestResults/<project>.trx and .log; a project may also keep TestResults/<project>.progress (a line per
#   step), whose last lines are printed if the project times out or crashes.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
results="$root/TestResults"
parallel=${DXTRACK_TEST_PARALLEL:-2}
project_timeout=${DXTRACK_TEST_PROJECT_TIMEOUT:-12m}

# Every test project in the solution (tests/**), slowest first so two at a time finish together.
mapfile -t projects < <(grep -o '"tests\\[^"]*\.csproj"' Aspire.sln | tr -d '"' | tr '\\' '/' |
  while read -r p; do grep -q '<IsTestProject>false' "$p" || echo "$p"; done |
  awk '{print (/EndToEnd|Faults/ ? 0 : 1) "\t" $0}' | sort | cut -f2)
name_of() { basename "$(dirname "$1")"; }

fail_all() { # message: nothing ran, so every test project counts as failed
  echo "$1" >&2
  echo "0 passed, ${#projects[@]} failed"
  exit 1
}

scripts/prereqs.sh --servers --with-browser || fail_all "test.sh: installing prerequisites failed"
rm -rf "$results" "$root/.dxtrack/e2e"
mkdir -p "$results" "$root/.dxtrack/test-servers"

servers_started=0
stop_servers() {
  if [ "$servers_started" = 1 ]; then servers_started=0; scripts/test-servers.sh stop >/dev/null 2>&1 || true; fi
}
trap stop_servers EXIT
trap 'stop_servers; exit 130' INT TERM

# To a file, then sourced: the servers inherit this script's descriptors, so $(...) would never return.
servers_started=1
scripts/test-servers.sh start > "$root/.dxtrack/test-servers/env" || fail_all "test.sh: the test servers did not start"
# shellcheck disable=SC1091
source "$root/.dxtrack/test-servers/env"

echo "Building Aspire.sln…"
if ! dotnet build Aspire.sln -c Debug -nologo -v quiet -clp:ErrorsOnly > "$results/build.log" 2>&1 < /dev/null; then
  grep -E ': error ' "$results/build.log" | sort -u | head -40 >&2
  stop_servers
  fail_all "test.sh: the build failed (TestResults/build.log); no test project ran"
fi

run_project() {
  local project=$1 name started=$SECONDS hang=5m
  name=$(name_of "$1")
  # A fault drill legitimately runs for minutes (five broker restarts under a 2,000-report burst).
  [ "$name" = Faults.Tests ] && hang=10m
  # The end-to-end tests' first test waits for a whole AppHost to start beside the drills (up to 6 minutes).
  [ "$name" = EndToEnd.Tests ] && hang=8m
  timeout --kill-after=30s "$project_timeout" dotnet test "$project" --no-build -c Debug --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$results" \
    --blame-hang-timeout "$hang" --blame-hang-dump-type none \
    > "$results/$name.log" 2>&1 < /dev/null
  echo $? > "$results/$name.exit"
  echo $((SECONDS - started)) > "$results/$name.seconds"
}

echo "Running ${#projects[@]} test projects, $parallel at a time…"
running=0
for project in "${projects[@]}"; do
  run_project "$project" &
  running=$((running + 1))
  if [ "$running" -ge "$parallel" ]; then wait -n; running=$((running - 1)); fi
done
wait

counter() { # trx attribute -> number (0 if absent)
  local value
  value=$(grep -o '<Counters [^>]*>' "$1" 2>/dev/null | head -n1 | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]\+')
  echo "${value:-0}"
}

finished() { # Passed|Failed|(Passed|Failed) log -> the console logger's line of each such test
  grep -E "^[[:space:]]+$1 [^!]" "$2"
}

passed=0 failed=0 skipped=0 broken=0
echo
for project in "${projects[@]}"; do
  name=$(name_of "$project")
  trx="$results/$name.trx"
  exit_code=$(cat "$results/$name.exit" 2>/dev/null || echo 255)
  seconds=$(cat "$results/$name.seconds" 2>/dev/null || echo "?")
  p=0 f=0 s=0 note="" timed_out=0
  { [ "$exit_code" = 124 ] || [ "$exit_code" = 137 ]; } && timed_out=1
  if [ -f "$trx" ]; then
    p=$(counter "$trx" passed)
    f=$(( $(counter "$trx" failed) + $(counter "$trx" error) + $(counter "$trx" timeout) + $(counter "$trx" aborted) ))
    # xunit's skipped tests are neither executed nor counted as notExecuted by the TRX logger.
    s=$(( $(counter "$trx" total) - $(counter "$trx" executed) ))
    [ "$s" -lt 0 ] && s=0
  fi
  if [ ! -f "$trx" ] && [ "$timed_out" = 1 ]; then
    # Killed before the TRX was written: the tests it finished are in the log, one line each.
    p=$(finished Passed "$results/$name.log" | wc -l)
    f=$(( $(finished Failed "$results/$name.log" | wc -l) + 1 ))
    note="  timed out after $project_timeout (the unfinished test counts as failed): see TestResults/$name.log"
  elif [ ! -f "$trx" ]; then
    f=$((f + 1)); note="  did not run (exit $exit_code): see TestResults/$name.log"
  elif [ "$timed_out" = 1 ]; then
    f=$((f + 1)); note="  timed out after $project_timeout: see TestResults/$name.log"
  elif [ "$exit_code" != 0 ] && [ "$f" = 0 ]; then
    f=$((f + 1)); note="  crashed (exit $exit_code): see TestResults/$name.log"
  fi
  [ -n "$note" ] && broken=$((broken + 1))
  printf '  %-22s %4d passed %4d failed %4d skipped %5ss%s\n' "$name" "$p" "$f" "$s" "$seconds" "$note"
  if [ -n "$note" ]; then
    # The last test that finished, and the project's own account of how far it got (if it keeps one).
    finished '(Passed|Failed)' "$results/$name.log" | tail -n 1 | sed 's/^[[:space:]]*/      last finished: /'
    [ -f "$results/$name.progress" ] && tail -n 12 "$results/$name.progress" | cut -c1-180 | sed 's/^/      /'
  fi
  if [ "$f" -gt 0 ] && [ -z "$note" ]; then
    # Each failed test with the first line of its error message.
    awk '/^[[:space:]]+Failed [^!]/ { sub(/^[[:space:]]*/, ""); print "      " $0; shown++; want = 1; next }
         want && /Error Message:/ { getline; sub(/^[[:space:]]*/, ""); print "        " substr($0, 1, 200); want = 0 }
         shown >= 10 && !want { exit }' "$results/$name.log"
  fi
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done
echo

stop_servers
rm -rf "$root/.dxtrack/e2e"
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" = 0 ] && [ "$broken" = 0 ]
