#!/usr/bin/env bash
# Installs the locked npm packages (npm ci: exactly package-lock.json, never
# rewriting it) when node_modules is missing or older than the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! [ -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
npx prisma generate >/dev/null
