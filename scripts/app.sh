#!/usr/bin/env bash
# Installs, builds and starts Roster on its embedded default (./data), or on
# DATABASE_URL when set. PORT defaults to 3000.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
if ! [ -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # npm ci refuses lockfiles without other platforms' optional packages
  # (npm/cli#8320); install keeps the locked versions.
  npm install --no-audit --no-fund --loglevel=error
fi
npx prisma generate >/dev/null
npx next build
# The heap cap lives in package.json "start" (the benchmark starts the app the same way).
exec npm run -s start -- -p "${PORT:-3000}"
