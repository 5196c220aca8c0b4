import "server-only";
import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { DomainError } from "../errors";
import type { ImportRow } from "../members/import-members";
import { importRowSchema } from "../members/import-members";
import { ATTRIBUTE_NAME } from "../users/profile";

const KNOWN = new Set(Object.keys(importRowSchema.shape));

/**
 * Reads a members CSV: a header row, then one member per line. Profile columns
 * (email, firstName, lastName, role, title, …) fill the profile; any other
 * column becomes a custom attribute of the account.
 */
export async function readMembersCsv(file: string): Promise<ImportRow[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new DomainError("invalid_input", `Cannot read ${file}: ${(e as Error).message}`);
  }
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, bom: true, trim: true, skip_empty_lines: true, info: true });
  } catch (e) {
    throw new DomainError("invalid_input", `${file} is not valid CSV: ${(e as Error).message}`);
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  if (records.length && !header.includes("email"))
    throw new DomainError("invalid_input", "line 1: the header needs an email column");
  const bad = header.find((h) => !KNOWN.has(h) && !ATTRIBUTE_NAME.test(h));
  if (bad) throw new DomainError("invalid_input", `line 1: "${bad}" is not a valid column name`);
  return records.map(({ record, info }) => {
    const fields: Record<string, string> = {};
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(record)) {
      if (KNOWN.has(key)) fields[key] = value;
      else if (value !== "") attributes[key] = value;
    }
    return { line: info.lines, fields, attributes };
  });
}
