#!/usr/bin/env bash
# Runs DxTrack on this machine: installs what is missing, builds, starts the AppHost (which starts
# the servers and the services) and prints where to look. Ctrl-C stops everything.
#   DXTRACK_MODE=containers|local|existing   (default: containers if a container runtime answers, else local)
#   DxTrack__GatewayPort=5080  DxTrack__MailUiPort=1080   (0 = any free port)
set -euo pipefail
cd "$(dirname "$0")"

scripts/prereqs.sh
echo "Building…"
dotnet build AppHost -c Debug -nologo -v quiet -clp:ErrorsOnly

# No HTTPS development certificate is needed: the dashboard and its endpoints run on http.
export ASPNETCORE_URLS=http://localhost:18888
export ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:18889
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
export ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true

gateway="http://localhost:${DxTrack__GatewayPort:-5080}"
[ "${DxTrack__GatewayPort:-5080}" = 0 ] && gateway="(a free port: see the dashboard)"
mail="http://localhost:${DxTrack__MailUiPort:-1080}"
[ "${DxTrack__MailUiPort:-1080}" = 0 ] && mail="(a free port: see the dashboard)"
mode=${DXTRACK_MODE:-${DxTrack__Mode:-}}
[ "$mode" = existing ] && mail="(your SMTP server's own UI, if any)"
cat <<URLS

  Aspire dashboard  http://localhost:18888
  Gateway (API)     $gateway
  API reference     $gateway/scalar
  Mail UI           $mail

  Mode: ${mode:-auto (containers if a container runtime answers, else local)}. Ctrl-C stops everything.

URLS
exec dotnet run --project AppHost --no-build --launch-profile http
