#!/usr/bin/env bash
# Installs, builds and starts Roster on its embedded default (./data), or on
# DATABASE_URL when set. PORT defaults to 3000.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
bash scripts/ensure-packages.sh
npx next build
# The heap cap lives in package.json "start" (the benchmark starts the app the same way).
exec npm run -s start -- -p "${PORT:-3000}"
