#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine: Chromium for
# Playwright, a PostgreSQL server answering on 127.0.0.1:5432, npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if [ -z "${CHROMIUM_PATH:-}" ] && ! [ -x /usr/bin/chromium ]; then
  echo "==> installing Chromium (Debian package) for Playwright"
  apt_install chromium
fi

pg_url="${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/test}"
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "==> installing PostgreSQL"
    apt_install postgresql
  fi
  echo "==> starting PostgreSQL"
  for v in /etc/postgresql/*; do
    as_root pg_ctlcluster --skip-systemctl-redirect "$(basename "$v")" main start || true
  done
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432 >/dev/null || { echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; }
# The fault tests start a private server of their own: they need the binaries even when 5432 is served elsewhere.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "==> installing PostgreSQL's server binaries (for the fault tests)"
  apt_install postgresql
fi

# The cluster suite runs two app servers behind HAProxy on PgBouncer (Debian's packages).
if ! [ -x /usr/sbin/haproxy ] || ! [ -x /usr/sbin/pgbouncer ]; then
  echo "==> installing HAProxy and PgBouncer (Debian packages) for the cluster suite"
  apt_install haproxy pgbouncer
fi

bash scripts/ensure-packages.sh
