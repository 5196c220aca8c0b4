// Fails when a log holds a secret (see log-secrets.mjs). Usage:
//   node scripts/check-logs.mjs [--secrets FILE] LOG...
// FILE lists more literal secrets, one a line; the passwords typed in the test
// sources are always looked for.
import { existsSync, readFileSync } from "node:fs";
import { findSecrets, redact, testPasswords } from "./log-secrets.mjs";

const args = process.argv.slice(2);
const literals = testPasswords(["tests/http", "e2e"]);
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--secrets") {
    const file = args[++i];
    if (existsSync(file))
      literals.push(
        ...readFileSync(file, "utf8")
          .split("\n")
          .filter((s) => s.length >= 8),
      );
  } else files.push(args[i]);
}
let found = 0;
for (const file of files) {
  if (!existsSync(file)) {
    console.error(`${file}: missing (a log the tests should have written)`);
    found++;
    continue;
  }
  for (const s of findSecrets(readFileSync(file, "utf8"), literals)) {
    found++;
    console.error(`${file}:${s.line}: ${s.what} in the log: ${redact(s.text)}`);
  }
}
console.log(`log check: ${files.length} logs, ${literals.length} known passwords, ${found} secrets`);
process.exit(found ? 1 : 0);
