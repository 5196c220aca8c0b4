// Fails when a log holds a secret: an API key (rk_<id>.<secret>), a bare API
// secret next to its key id, or an invitation link token. The first-start
// banner prints the demo admin's key on purpose (operator-facing), so its two
// lines are the only ones allowed to.
import { readFileSync } from "node:fs";

const files = process.argv.slice(2);
const secret = /rk_[0-9a-f]{24}\.[A-Za-z0-9_-]{43}|\/invite\/[A-Za-z0-9_-]{43}\b/;
let found = 0;
for (const file of files) {
  for (const [i, line] of readFileSync(file, "utf8").split("\n").entries()) {
    if (/\[roster\]\s+(admin API key:|try: curl)/.test(line)) continue;
    if (secret.test(line)) {
      found++;
      console.error(
        `${file}:${i + 1}: a secret in the log: ${line.replace(/[A-Za-z0-9_-]{30,}/g, "[…]").slice(0, 200)}`,
      );
    }
  }
}
console.log(`log check: ${files.length} logs, ${found} secrets`);
process.exit(found ? 1 : 0);
