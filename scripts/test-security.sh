#!/usr/bin/env bash
# npm run test:security — the reliability and security suites, with a summary:
# authorization matrix with the secret oracle, target and SCIM-token matrices,
# fuzzing (FUZZ_RUNS_PER_OP, 50 here; npm test samples 3),
# concurrency invariants, idempotency, rate limits, secrets and headers, faults.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 FUZZ_RUNS_PER_OP="${FUZZ_RUNS_PER_OP:-50}"
# Always a fresh build: figures must describe the code as it is now.
npx next build >/tmp/roster-security-build.log 2>&1 || { cat /tmp/roster-security-build.log; exit 1; }
mkdir -p test-results
log=test-results/security.log
: >"$log"
status=0
run() { echo "==> $1"; shift; "$@" 2>&1 | tee -a "$log" | grep -E "Tests |Test Files|authorization matrix:|target matrix:|SCIM token matrix:|log check:|server actions|fuzz:|faults:|query plans:|FAIL|×" ; [ "${PIPESTATUS[0]}" = 0 ] || status=1; }
run "authorization matrix, fuzzing, idempotency, rate limits, headers (PostgreSQL)" env ROSTER_TEST_DB=postgres npx vitest run -c vitest.http.config.ts tests/http/authorization-matrix.test.ts tests/http/authorization-targets.test.ts tests/http/scim-tokens.test.ts tests/http/races.test.ts tests/http/public-and-cookies.test.ts tests/http/server-actions.test.ts tests/http/fuzz.test.ts tests/http/security.test.ts tests/http/boundaries.test.ts tests/http/login.test.ts
run "concurrency invariants and identity attacks (PostgreSQL)" env ROSTER_TEST_DB=postgres npx vitest run tests/invariants.test.ts tests/credentials.test.ts tests/attacks
run "query plans of real requests (PostgreSQL)" npx vitest run -c vitest.plans.config.ts
run "faults: PostgreSQL restarted under load, client aborts" npx vitest run -c vitest.faults.config.ts

strip() { sed -r 's/\x1b\[[0-9;]*m//g'; }
matrix=$(strip <"$log" | grep -oE "authorization matrix: [0-9]+ cases.*" | tail -1)
fuzz=$(strip <"$log" | grep -oE "fuzz: [0-9]+ cases.*" | tail -1)
actions=$(strip <"$log" | grep -oE "server actions: [0-9]+ cases.*" | tail -1)
allowedActions=$(strip <"$log" | grep -oE "server actions as ADMIN and SUPER: [0-9]+ cases.*" | tail -1)
targets=$(strip <"$log" | grep -oE "target matrix: [0-9]+ cases.*" | tail -1)
scimtokens=$(strip <"$log" | grep -oE "SCIM token matrix: [0-9]+ cases.*" | tail -1)
logs=$(strip <"$log" | grep -oE "log check: .*" | tail -1)
outage=$(strip <"$log" | grep -oE "faults: PostgreSQL stopped.*" | tail -1)
aborts=$(strip <"$log" | grep -oE "faults: [0-9]+ of 30 writes.*" | tail -1)
plans=$(strip <"$log" | grep -oE "query plans: [0-9]+ statements from [0-9]+ real requests.*" | tail -1)
echo
echo "| suite | result |"
echo "| --- | --- |"
echo "| authorization matrix | ${matrix#authorization matrix: } |"
echo "| allowed means performed (ADMIN, SUPER × regular, ADMIN, SUPER targets) | ${targets#target matrix: } |"
echo "| SCIM tokens (own, foreign, revoked, creator demoted/suspended) × operations | ${scimtokens#SCIM token matrix: } |"
echo "| server actions called directly | refused to who may not: ${actions#server actions: }; performed as ADMIN and SUPER: ${allowedActions#server actions as ADMIN and SUPER: } |"
echo "| server log | ${logs#log check: } |"
echo "| fuzzing | ${fuzz#fuzz: } |"
echo "| faults | ${outage#faults: }; ${aborts#faults: } |"
echo "| query plans of real requests | ${plans#query plans: } |"
echo "| all suites | $([ $status = 0 ] && echo passed || echo FAILED) |"
echo "(the whole output: $log)"
exit $status
