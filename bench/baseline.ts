// The baseline: a bare node:http server with pg, no framework. For each
// benchmark request it runs the same SQL statements, with the same
// parameters, that the app issued for that request (captured from the app's
// query log, ROSTER_LOG_QUERIES=1), verifies the API key the same way
// (HMAC-SHA-256), and answers the rows as JSON (HTML for the members page).
import { createHmac, hkdfSync, randomUUID, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import pg from "pg";

export interface CapturedStatement {
  sql: string;
  params: unknown[];
}

export interface Capture {
  /** "METHOD path" → the statements the app ran for it, in order. */
  routes: Record<string, CapturedStatement[]>;
}

const [captureFile, port, databaseUrl] = process.argv.slice(2);
if (captureFile) serve(captureFile, Number(port), databaseUrl);

/** A value the app was sent as a fresh id per request (a PATCH's title) is fresh here too: a real change each time. */
const varied = (params: unknown[]) =>
  params.map((p) =>
    typeof p === "string" && p.includes("bench-id-")
      ? p.replace(/bench-id-[0-9a-f-]{36}/g, () => `bench-id-${randomUUID()}`)
      : p,
  );

const names = new Map<string, string>();
const nameOf = (sql: string) => {
  const name = names.get(sql) ?? `b${names.size}`;
  names.set(sql, name);
  return name;
};

function serve(file: string, listenPort: number, url: string) {
  const capture = JSON.parse(readFileSync(file, "utf8")) as Capture;
  // As the app's pool (lib/platform/db/adapter.ts): named statements, planned for each execution.
  const pool = new pg.Pool({ connectionString: url, max: 10, options: "-c plan_cache_mode=force_custom_plan" });
  const hashKey = Buffer.from(hkdfSync("sha256", process.env.AUTH_SECRET ?? "", "roster", "api-key-hash", 32));

  const keyOk = (req: http.IncomingMessage, storedHash: string | undefined): boolean => {
    const secret = req.headers.authorization?.split(".")[1];
    if (!secret || !storedHash) return !storedHash; // session requests carry no key
    const a = Buffer.from(createHmac("sha256", hashKey).update(secret).digest("base64url"));
    const b = Buffer.from(storedHash);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const server = http.createServer(async (req, res) => {
    const statements = capture.routes[`${req.method} ${req.url}`];
    if (!statements) {
      res.writeHead(404).end();
      return;
    }
    // Read the body, as the app does.
    for await (const _ of req);
    try {
      const results: unknown[][] = [];
      // Named, as the app names the statements it repeats (lib/platform/db/statement-names.ts).
      for (const s of statements)
        results.push((await pool.query({ name: nameOf(s.sql), text: s.sql, values: varied(s.params) })).rows);
      const first = results[0]?.[0] as { secretHash?: string } | undefined;
      if (!keyOk(req, first?.secretHash)) {
        res.writeHead(401, { "content-type": "application/json" }).end('{"error":"unauthenticated"}');
        return;
      }
      if (req.url?.startsWith("/members")) {
        const rows = results.flat() as Record<string, unknown>[];
        const cells = (r: Record<string, unknown>) =>
          Object.values(r)
            .map((v) => `<td>${String(v).replace(/[<&]/g, "")}</td>`)
            .join("");
        const body = `<!doctype html><html><body><table>${rows.map((r) => `<tr>${cells(r)}</tr>`).join("")}</table></body></html>`;
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: results.slice(1) }));
    } catch (e) {
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: (e as Error).message }));
    }
  });
  server.listen(listenPort, "127.0.0.1", () => console.log(`baseline listening on ${listenPort}`));
}
