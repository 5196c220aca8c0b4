// The README's claims as checks (issue 30): a membership begins in one verb
// (createMemberships), and its status changes only through a row of the
// transition table (saveChange), so each emits exactly its events. A new
// write that goes around them fails here, before its missing event is noticed.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve("lib");
const sources = readdirSync(root, { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.startsWith("generated"))
  .map((f) => ({ file: f, text: readFileSync(path.join(root, f), "utf8") }));

/** The argument text of each call starting at `pattern` (to its matching parenthesis). */
function calls(text: string, pattern: RegExp): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(pattern)) {
    let depth = 0;
    let i = (m.index ?? 0) + m[0].length - 1;
    const start = i;
    for (; i < text.length; i++) {
      if (text[i] === "(") depth++;
      else if (text[i] === ")" && --depth === 0) break;
    }
    out.push(text.slice(start, i + 1));
  }
  return out;
}

describe("one path for each membership change", () => {
  it("a membership begins only in createMemberships", () => {
    const found = sources.flatMap(({ file, text }) =>
      file === path.join("domain", "members", "create-memberships.ts")
        ? []
        : [
            ...text.matchAll(
              /\.membership\.(create|createMany|createManyAndReturn|upsert)\(|INSERT INTO "Membership"/g,
            ),
          ].map((m) => `${file}: ${m[0]}`),
    );
    expect(found).toEqual([]);
  });

  it("a membership's status is written only by saveChange, a row of the transition table", () => {
    const found = sources.flatMap(({ file, text }) => {
      if (file === path.join("domain", "members", "apply-change.ts")) return [];
      const prisma = calls(text, /\.membership\.(update|updateMany)\(/g).filter((args) => /\bstatus\s*:/.test(args));
      const raw = [...text.matchAll(/UPDATE "Membership"[^`]*`/g)]
        .map((m) => m[0])
        .filter((q) => /\bstatus\s*=/.test(q));
      return [...prisma, ...raw].map((w) => `${file}: ${w.slice(0, 80)}`);
    });
    expect(found).toEqual([]);
  });
});
