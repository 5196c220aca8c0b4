import "server-only";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { parse } from "csv-parse";
import type { ImportRow, ImportSource } from "../domain/members/import-members";
import { importRowSchema } from "../domain/members/import-members";
import { attributeNameProblem } from "../domain/users/profile";
import { DomainError, isDomainError } from "../platform/errors";

const KNOWN = new Set(Object.keys(importRowSchema.shape));

/**
 * Opens a members CSV: a header row, then one member per line. Profile columns
 * (email, firstName, lastName, role, title, …) fill the profile; any other
 * column becomes a custom attribute of the account. The file is parsed as the
 * import pulls rows, so reading overlaps the database's work.
 */
export async function openMembersCsv(file: string): Promise<Extract<ImportSource, { expected: number }>> {
  try {
    if (!(await stat(file)).isFile()) throw new Error("not a file");
  } catch (e) {
    throw new DomainError("invalid_input", `Cannot read ${file}: ${(e as Error).message}`);
  }
  return { rows: readRows(file), expected: await countLines(file) };
}

function checkHeader(header: string[]): string[] {
  if (!header.includes("email")) throw new DomainError("invalid_input", "line 1: the header needs an email column");
  const bad = header.find((h) => !KNOWN.has(h) && attributeNameProblem(h));
  if (bad) throw new DomainError("invalid_input", `line 1: column "${bad}" ${attributeNameProblem(bad)}`);
  return header;
}

async function* readRows(file: string): AsyncGenerator<ImportRow> {
  const parser = createReadStream(file).pipe(
    parse({ columns: checkHeader, bom: true, trim: true, skip_empty_lines: true, info: true }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      const fields: Record<string, string> = {};
      const attributes: Record<string, string> = {};
      for (const [key, value] of Object.entries(record)) {
        if (KNOWN.has(key)) fields[key] = value;
        else if (value !== "") attributes[key] = value;
      }
      yield { line: info.lines, fields, attributes };
    }
  } catch (e) {
    if (isDomainError(e)) throw e;
    throw new DomainError("invalid_input", `${file} is not valid CSV: ${(e as Error).message}`);
  } finally {
    parser.destroy();
  }
}

/** Data lines in the file (for the progress bar; quoted line breaks make it an estimate). */
async function countLines(file: string): Promise<number> {
  let lines = 0;
  let last = 10;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    last = chunk[chunk.length - 1];
  }
  return Math.max(0, lines + (last === 10 ? 0 : 1) - 1);
}
