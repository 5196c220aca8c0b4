import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startDnsServer } from "../../tests/setup/dns-server";

// The loopback DNS server the e2e app server asks (ROSTER_DNS_SERVERS in
// playwright.config.ts): TXT records are files a test writes.

export const DNS_PORT = Number(process.env.E2E_DNS_PORT ?? 5354);
const DNS_DIR = path.resolve(process.env.E2E_DATA_DIR ?? ".e2e-data", "dns");

export function startDns() {
  mkdirSync(DNS_DIR, { recursive: true });
  return startDnsServer((name) => {
    const file = path.join(DNS_DIR, `${name.replace(/[^a-z0-9._-]/g, "_")}.json`);
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as string[]) : undefined;
  }, DNS_PORT);
}

/** Publishes a TXT record on the loopback DNS server. */
export function publishTxt(name: string, values: string[]) {
  mkdirSync(DNS_DIR, { recursive: true });
  writeFileSync(path.join(DNS_DIR, `${name}.json`), JSON.stringify(values));
}
