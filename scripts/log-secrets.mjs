import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// Secret forms a log must never hold: API keys (rk_<id>.<secret>), SCIM tokens
// (rscim_…), and the tokens of mailed and copied links (invitation, reset,
// email confirmation and change, join confirmation), private keys; plus literal secrets a
// test run used (passwords), given by the caller.
const FORMS = [
  { name: "an API key", re: /rk_[0-9a-f]{24}\.[A-Za-z0-9_-]{43}/ },
  { name: "a SCIM token", re: /rscim_[A-Za-z0-9_-]{40,}/ },
  // A SAML connection's SP key, or any private key.
  { name: "a private key", re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  {
    name: "a link token",
    re: /\/(?:invite|reset-password|verify-email|confirm-email|join\/confirm)\/[A-Za-z0-9_-]{20,}/,
  },
];

/** The first-start banner prints the demo admin's key on purpose (operator-facing). */
const BANNER = /\[roster\]\s+(admin API key:|try: curl)/;

/** Lines of `text` holding a secret: [{ line, what }]. */
export function findSecrets(text, literals = []) {
  const found = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (BANNER.test(line)) continue;
    for (const f of FORMS) if (f.re.test(line)) found.push({ line: i + 1, what: f.name, text: line });
    for (const s of literals)
      if (s && line.includes(s)) found.push({ line: i + 1, what: "a password used by the tests", text: line });
  }
  return found;
}

export const redact = (line) => line.replace(/[A-Za-z0-9_-]{20,}/g, "[…]").slice(0, 200);

/** The passwords the test sources type in (`password: "…"`, `"--password", "…"`, `…-password-1`). */
export function testPasswords(dirs) {
  const out = new Set();
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(ts|mjs)$/.test(e.name)) {
        const src = readFileSync(full, "utf8");
        for (const m of src.matchAll(/\b(?:[pP]assword|newPassword|currentPassword)\s*:\s*"([^"\n]{8,})"/g))
          out.add(m[1]);
        for (const m of src.matchAll(/"--password",\s*"([^"\n]{8,})"/g)) out.add(m[1]);
        for (const m of src.matchAll(/"([a-z0-9]+(?:-[a-z0-9]+)*-(?:password|pw)-\d+)"/g)) out.add(m[1]);
      }
    }
  };
  for (const d of dirs) if (existsSync(d)) walk(d);
  return [...out];
}
