#!/usr/bin/env bash
# Runs DxTrack on this machine: installs what is missing, builds, starts the AppHost (which starts
# the servers and the services) and prints where to look. Ctrl-C stops everything.
#   DXTRACK_MODE=containers|local|existing   (default: containers if a container runtime answers, else local)
#   DxTrack__GatewayPort=5080  DxTrack__MailUiPort=1080   (0 = any free port)
set -euo pipefail
cd "$(dirname "$0")"

scripts/prereqs.sh
echo "Building…"
mkdir -p .dxtrack
if ! dotnet build AppHost -c Debug -nologo -v quiet > .dxtrack/build.log 2>&1 < /dev/null; then
  grep -E ': error ' .dxtrack/build.log | sort -u >&2
  echo "run.sh: the build failed; see .dxtrack/build.log" >&2
  exit 1
fi

# Decide the mode here (same rule as the AppHost) so what is printed is what runs.
mode=${DxTrack__Mode:-${DXTRACK_MODE:-}}
if [ -z "$mode" ]; then
  if command -v docker >/dev/null 2>&1 && timeout 5 docker info >/dev/null 2>&1; then mode=containers; else mode=local; fi
fi
export DXTRACK_MODE=$mode

# No HTTPS development certificate is needed: the dashboard and its endpoints run on http.
export ASPNETCORE_URLS=http://localhost:18888
export ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:18889
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
export ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true

gateway="http://localhost:${DxTrack__GatewayPort:-5080}"
[ "${DxTrack__GatewayPort:-5080}" = 0 ] && gateway=""
mail="http://localhost:${DxTrack__MailUiPort:-1080}"
[ "${DxTrack__MailUiPort:-1080}" = 0 ] && mail="(a free port: see the dashboard)"
[ "$mode" = existing ] && mail="(your SMTP server's own UI, if any)"
at() { if [ -n "$gateway" ]; then echo "$gateway$1"; else echo "(a free port: see the dashboard)"; fi; }
urls() {
  cat <<URLS

  Aspire dashboard  http://localhost:18888
  Gateway (API)     $(at "")
  API reference     $(at /scalar)
  Dashboard page    $(at /dashboard/)
  Mail UI           $mail

  Mode: $mode (DXTRACK_MODE=containers|local|existing). Ctrl-C stops everything.

URLS
}

# The gateway starts only once every server and service it waits for is healthy, so its /health
# answering means the whole system is up. A background waiter prints the URLs then; the AppHost keeps
# the foreground (and Ctrl-C). The waiter ends with the AppHost, which takes over this shell's pid.
echo "Starting DxTrack in $mode mode; the URLs follow once everything is healthy (the Aspire dashboard, http://localhost:18888, shows progress)…"
if [ -n "$gateway" ]; then
  (
    until curl -fs -m 2 "$gateway/health" >/dev/null 2>&1; do
      kill -0 $$ 2>/dev/null || exit 0
      sleep 1
    done
    urls
  ) &
else
  urls
fi
exec dotnet run --project AppHost --no-build --launch-profile http
