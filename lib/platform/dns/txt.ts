import "server-only";
import { Resolver } from "node:dns/promises";

// TXT lookups for domain verification: the system's resolver, or the servers
// ROSTER_DNS_SERVERS names (`host:port,…`; tests run one on loopback).

const TIMEOUT_MS = 5_000;

function resolver(): Resolver {
  const r = new Resolver({ timeout: TIMEOUT_MS, tries: 2 });
  const servers = (process.env.ROSTER_DNS_SERVERS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (servers.length) r.setServers(servers);
  return r;
}

/** The TXT records at `name`, each joined from its strings; [] when the name has none (or does not exist). */
export async function lookupTxt(name: string): Promise<{ records: string[]; error?: string }> {
  try {
    return { records: (await resolver().resolveTxt(name)).map((parts) => parts.join("")) };
  } catch (e) {
    const code = (e as { code?: string }).code ?? "ERROR";
    if (code === "ENOTFOUND" || code === "ENODATA") return { records: [] };
    return { records: [], error: code };
  }
}
