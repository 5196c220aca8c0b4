// lib/ in layers, lowest first: platform (and the generated Prisma client),
// domain, api (one folder per dialect), then the adapters console, cli and
// server. An import may run sideways or down, never up; a dialect reads and
// writes through the domain only, never the database.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const LIB = path.resolve("lib");
const LAYERS: Record<string, number> = { generated: 0, platform: 0, domain: 1, api: 2, console: 3, cli: 3, server: 3 };

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : sources(full);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith(".test.ts") ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].flatMap(([, spec]) => {
    if (spec.startsWith(".")) return [path.resolve(path.dirname(file), spec)];
    if (spec.startsWith("@/lib/")) return [path.join(LIB, spec.slice("@/lib/".length))];
    return [];
  });
}

const top = (file: string) => path.relative(LIB, file).split(path.sep)[0];
const files = sources(LIB);

describe("lib/ layers", () => {
  it("puts every file in a layer", () => {
    expect(files.filter((f) => LAYERS[top(f)] === undefined).map((f) => path.relative(LIB, f))).toEqual([]);
  });

  it("has no import from a lower layer up into a higher one", () => {
    const upward = files.flatMap((f) =>
      importsOf(f)
        .filter((t) => LAYERS[top(t)] > LAYERS[top(f)])
        .map((t) => `${path.relative(LIB, f)} → ${path.relative(LIB, t)}`),
    );
    expect(upward).toEqual([]);
  });

  it("keeps the database out of the dialects (lib/api)", () => {
    const touching = files
      .filter((f) => top(f) === "api")
      .filter((f) => importsOf(f).some((t) => /\/(platform\/db|generated)\/|\/domain\/tx$/.test(t)))
      .map((f) => path.relative(LIB, f));
    expect(touching).toEqual([]);
  });
});
