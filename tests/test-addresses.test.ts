// The HTTP suite's files share one server and its per-address limits: a literal
// client address in two files (or in a random range another file draws from)
// adds their requests up and turns a passing test into a 429 by timing alone
// (CI on stop 35 failed so). Every address there comes from uniqueAddress().
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dir = path.resolve("tests/http");
const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));

describe("client addresses in the HTTP suite", () => {
  it("no test file names a client address of its own", () => {
    // The documentation ranges tests draw client addresses from, and any forwarded-for literal.
    const literal =
      /\b(?:192\.0\.2|198\.51\.100|203\.0\.113)\.|x-forwarded-for["']?\s*:\s*["'][^"']*\d+\.\d+\.\d+\.\d+/gi;
    const found = files.flatMap((f) =>
      [...readFileSync(path.join(dir, f), "utf8").matchAll(literal)].map((m) => `${f}: ${m[0]}`),
    );
    expect(found).toEqual([]);
  });
});
