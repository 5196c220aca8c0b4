#!/usr/bin/env bash
# Every test: static checks, unit tests, domain tests on the embedded PGlite and on
# PostgreSQL, HTTP, plan, fault and cluster suites against the production
# build, then the browser tests on both databases.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
bash scripts/ensure-test-deps.sh

pg_admin="${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/test}"
e2e_db="roster_e2e_$$"
cleanup() {
  psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $e2e_db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf .e2e-data
}
trap cleanup EXIT

echo "==> typecheck and lint"
npm run -s typecheck
npm run -s lint

echo "==> the OpenAPI document passes redocly lint (swagger-parser checks the served one in the HTTP tests)"
npm run -s openapi > /tmp/roster-openapi.json
npx redocly lint --format=summary /tmp/roster-openapi.json 2>&1 | grep -v '[║╔╚]'

echo "==> unit tests of pure logic (lib/**/*.test.ts: parsers, the transition table; no database)"
npx vitest run -c vitest.unit.config.ts

echo "==> domain tests on the embedded PGlite"
ROSTER_TEST_DB=pglite npx vitest run
echo "==> domain tests on PostgreSQL"
ROSTER_TEST_DB=postgres npx vitest run

echo "==> production build"
npx next build >/tmp/roster-build.log 2>&1 || { cat /tmp/roster-build.log; exit 1; }

echo "==> HTTP tests against next start on the embedded PGlite"
ROSTER_TEST_DB=pglite npx vitest run -c vitest.http.config.ts
echo "==> HTTP tests against next start on PostgreSQL"
ROSTER_TEST_DB=postgres npx vitest run -c vitest.http.config.ts

echo "==> plans of real requests (PostgreSQL, 20,000 of 100,000 members: no sequential scan)"
npx vitest run -c vitest.plans.config.ts

echo "==> fault tests (a private PostgreSQL stopped and started under load)"
npx vitest run -c vitest.faults.config.ts

echo "==> cluster coherence (two app servers behind HAProxy, PgBouncer in transaction pooling)"
npx vitest run -c vitest.cluster.config.ts

echo "==> browser tests on the embedded PGlite"
rm -rf .e2e-data
mkdir -p .e2e-data
E2E_DATA_DIR=.e2e-data/pglite npx playwright test 2>&1 | tee .e2e-data/e2e-pglite.log
[ "${PIPESTATUS[0]}" = 0 ] || exit 1

echo "==> browser tests on PostgreSQL"
psql "$pg_admin" -qc "CREATE DATABASE $e2e_db" >/dev/null
E2E_DATA_DIR=.e2e-data/pg E2E_DATABASE_URL="${pg_admin%/*}/$e2e_db" npx playwright test 2>&1 | tee .e2e-data/e2e-pg.log
[ "${PIPESTATUS[0]}" = 0 ] || exit 1

echo "==> no secret in the server logs of the e2e runs"
node scripts/check-logs.mjs .e2e-data/e2e-pglite.log .e2e-data/e2e-pg.log
