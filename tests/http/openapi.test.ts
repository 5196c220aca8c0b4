// The OpenAPI document covers every route handler under app/api/v1, and every
// documented operation answers.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { api, newAccount, newMember } from "./setup/client";

const DOCUMENTED_DIRS = ["app/api/v1", "app/api/graphql"];

function routeHandlers(dir: string): { path: string; method: string }[] {
  const out: { path: string; method: string }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...routeHandlers(full));
    else if (entry.name === "route.ts") {
      const urlPath = `/${path.dirname(full).replace(/^app\//, "")}`.replace(/\[(\w+)\]/g, "{$1}");
      const source = readFileSync(full, "utf8");
      for (const m of source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)) {
        out.push({ path: urlPath, method: m[1].toLowerCase() });
      }
    }
  }
  return out;
}

describe("/api/v1/openapi.json", () => {
  it("validates as OpenAPI 3.1 (swagger-parser) and every $ref resolves", async () => {
    const r = await api("GET", "/api/v1/openapi.json");
    await SwaggerParser.validate(structuredClone(r.body));
    const dereferenced = (await SwaggerParser.dereference(structuredClone(r.body))) as { paths: object };
    expect(JSON.stringify(dereferenced.paths)).not.toContain('"$ref"');
  });

  it("names every operation with a unique operationId and documents headers and statuses", async () => {
    const doc = (await api("GET", "/api/v1/openapi.json")).body;
    const ops = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([p, ms]) =>
      Object.entries(ms).map(([m, op]) => ({ where: `${m} ${p}`, op })),
    );
    const ids = ops.map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { where, op } of ops) {
      const statuses = Object.keys(op.responses);
      expect(statuses, where).toEqual(expect.arrayContaining(["400", "429", "503"]));
      if (op.security?.length !== 0) expect(statuses, where).toEqual(expect.arrayContaining(["401", "403"]));
      const created = op.responses["201"];
      // Every 201 names what it made and its version, except a public join confirmation (nothing its caller can read).
      if (created && op.operationId !== "confirmJoin") {
        expect(created.headers.Location, where).toBeDefined();
        expect(created.headers.ETag, where).toBeDefined();
      }
      const params = (op.parameters ?? []).map((p: { $ref?: string }) => p.$ref ?? "");
      if (op.responses["412"]) expect(params, where).toContain("#/components/parameters/If-Match");
      expect(op.responses["429"].headers["Retry-After"], where).toBeDefined();
    }
  });

  it("is OpenAPI 3.1 and documents every route handler", async () => {
    const r = await api("GET", "/api/v1/openapi.json");
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe("3.1.0");
    const handlers = DOCUMENTED_DIRS.flatMap((d) => routeHandlers(d));
    expect(handlers.length).toBeGreaterThan(15);
    for (const h of handlers) {
      expect(r.body.paths[h.path]?.[h.method], `${h.method.toUpperCase()} ${h.path} is not documented`).toBeDefined();
    }
    const documented = Object.entries(r.body.paths as Record<string, object>).flatMap(([p, ms]) =>
      Object.keys(ms).map((m) => `${m} ${p}`),
    );
    expect(documented.sort()).toEqual(handlers.map((h) => `${h.method} ${h.path}`).sort());
  });

  it("every documented operation answers (JSON from our handler, never a framework 404/405 or a 500)", async () => {
    const doc = (await api("GET", "/api/v1/openapi.json")).body;
    const acct = await newAccount();
    const member = await newMember(acct.apiKey);
    for (const [p, methods] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(methods)) {
        const url = p.replace("{id}", String(member.userId));
        const r = await api(method.toUpperCase(), url, {
          key: acct.apiKey,
          body: method === "get" || method === "delete" ? undefined : {},
        });
        expect(r.status, `${method} ${p}`).toBeLessThan(500);
        expect(r.status, `${method} ${p}`).not.toBe(405);
        const documented = Object.keys((methods as any)[method].responses[String(r.status)]?.content ?? {});
        const type = documented[0] ?? "application/json";
        if (r.status !== 204) expect(r.headers.get("content-type"), `${method} ${p}`).toContain(type);
        if (r.status === 404) expect(r.body?.code, `${method} ${p}`).toBe("not_found");
      }
    }
  });
});
