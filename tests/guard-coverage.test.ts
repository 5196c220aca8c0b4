// Every entry point passes the one guard (lib/platform/http/guard.ts): each method a
// route file exports is built by a guarded wrapper (or is a 405 answer), and
// each server action runs through the console's or the public action runner.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Route builders that pass the guard (userAction and orgRoute are apiRoute for seeds 000 and 001,
 * ssoBrowserRoute the guard with the sign-in page as its error answer: checked below).
 */
const WRAPPERS = [
  "apiRoute",
  "publicRoute",
  "scimRoute",
  "scimPublicRoute",
  "graphqlRoute",
  "authRoute",
  "guard",
  "userAction",
  "orgRoute",
  "personRoute",
  "signInRoute",
  "ssoBrowserRoute",
];

function files(dir: string, name: (f: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return files(full, name);
    return name(e.name) ? [full] : [];
  });
}

/** Why each export of a route file is guarded, or null when it is not. */
function unguardedExports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/export\s+(?:async\s+)?function\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g))
    out.push(`${m[1]} is a bare function`);
  for (const m of source.matchAll(/export\s+\{([^}]*)\}/g)) out.push(`re-export { ${m[1].trim()} }`);
  for (const m of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s*=\s*([^\n]*)/g)) {
    const [, method, rhs] = m;
    const call = rhs.match(/^(\w+)\s*[(<]/)?.[1];
    const alias = rhs.match(/^(\w+)\s*;/)?.[1];
    const wrapper =
      call ??
      (alias && WRAPPERS.includes(alias) ? alias : undefined) ??
      (alias ? source.match(new RegExp(`const ${alias}\\s*=\\s*(\\w+)\\s*[(<]`))?.[1] : undefined);
    if (!wrapper || !WRAPPERS.includes(wrapper)) out.push(`${method} = ${rhs.slice(0, 40)}`);
  }
  for (const m of source.matchAll(/export const \{([^}]*)\}\s*=\s*(\w+)\(/g))
    if (m[2] !== "notAllowed") out.push(`{ ${m[1].trim()} } = ${m[2]}(…)`);
  return out;
}

describe("the one guard", () => {
  const routes = files("app", (f) => f === "route.ts");

  it("wraps every method of every route file", () => {
    expect(routes.length).toBeGreaterThan(40);
    const bare = routes.flatMap((f) => unguardedExports(readFileSync(f, "utf8")).map((why) => `${f}: ${why}`));
    expect(bare).toEqual([]);
  });

  it("counts userAction and orgRoute as guarded because they are apiRoute, ssoBrowserRoute because it is guard", () => {
    expect(readFileSync("lib/api/users-api/user-action.ts", "utf8")).toMatch(/return apiRoute\(/);
    expect(readFileSync("lib/api/org/route.ts", "utf8")).toMatch(/=>\s*apiRoute<P>\(handler, /);
    expect(readFileSync("lib/api/sso/browser.ts", "utf8")).toMatch(
      /export function ssoBrowserRoute<P>\(\s*handler[\s\S]*?\n\) \{\n\s*return guard<null, P>\(/,
    );
  });

  it("would notice a route that bypasses it", () => {
    expect(unguardedExports("export async function GET() { return Response.json({}) }")).toHaveLength(1);
    expect(unguardedExports("export const POST = (req: Request) => Response.json({});")).toHaveLength(1);
    expect(unguardedExports("const h = () => 1;\nexport { h as GET };")).toHaveLength(1);
    expect(unguardedExports("const x = makeThing(1);\nexport const GET = x;")).toHaveLength(1);
    expect(unguardedExports("export const GET = apiRoute(async () => Response.json({}));")).toEqual([]);
    expect(unguardedExports("const a = publicRoute(async () => r);\nexport const GET = a;")).toEqual([]);
  });

  it("runs every server action through the console's or the public action runner", () => {
    const actionFiles = files("app", (f) => f.endsWith(".ts")).filter((f) =>
      /^["']use server["'];/m.test(readFileSync(f, "utf8")),
    );
    expect(actionFiles.length).toBeGreaterThan(5);
    const unguarded: string[] = [];
    for (const f of actionFiles) {
      const source = readFileSync(f, "utf8");
      const parts = source.split(/(?=^export )/m).filter((p) => p.startsWith("export "));
      for (const part of parts) {
        const name = part
          .match(/export\s+(?:async\s+)?function\s+(\w+)|export const (\w+)/)
          ?.slice(1)
          .find(Boolean);
        const guarded = /\b(runAction|runPersonAction|runPublicAction|run)\(/.test(part) || /enforce\(`ip:/.test(part);
        if (!guarded) unguarded.push(`${f}: ${name}`);
      }
    }
    expect(unguarded).toEqual([]);
  });

  it("mints every session in one verb: no other code writes a session row, a session cookie or a token's claims", () => {
    const sources = [
      ...files("lib", (f) => /\.tsx?$/.test(f) && !f.endsWith(".test.ts")).filter(
        (f) => !f.startsWith("lib/generated/"),
      ),
      ...files("app", (f) => /\.tsx?$/.test(f)),
    ];
    const offenders: string[] = [];
    for (const f of sources) {
      const text = readFileSync(f, "utf8");
      if (
        f !== "lib/domain/sign-in/sessions.ts" &&
        /\bsession\.(create|createMany|upsert)\(|INSERT INTO "Session"/.test(text)
      )
        offenders.push(`${f}: writes a Session row`);
      if (
        f !== "lib/api/http/session-cookie.ts" &&
        /\bencode\(\{|from "next-auth\/jwt";?[^\n]*\bencode\b|\{[^}]*\bencode\b[^}]*\} from "next-auth\/jwt"/.test(text)
      )
        offenders.push(`${f}: encodes a session token`);
      if (f !== "lib/api/http/next-auth.ts" && /token\.(sid|uid|sv)\s*=/.test(text))
        offenders.push(`${f}: sets a token's claims`);
      if (/as MintedSession\b/.test(text) && f !== "lib/domain/sign-in/sessions.ts")
        offenders.push(`${f}: forges a MintedSession`);
    }
    expect(offenders).toEqual([]);
    // next-auth's token comes only from a minted session; the cookie writer takes only a minted session.
    expect(readFileSync("lib/api/http/next-auth.ts", "utf8")).toMatch(/if \(minted\) return tokenFor\(minted\);/);
    expect(readFileSync("lib/api/http/session-cookie.ts", "utf8")).toMatch(/sessionCookie\(minted: MintedSession\)/);
  });
});
