import "server-only";
import type { MemberView } from "../../domain/members/view";
import { RECORD_FIELDS } from "./schemas";

export const recordUrl = (id: number) => `/api/v1/account/accounts/${id}`;

export function toRecord(m: MemberView): Record<string, unknown> {
  const record: Record<string, unknown> = { id: m.userId };
  for (const field of RECORD_FIELDS) record[field] = m[field];
  for (const [key, value] of Object.entries(m.attributes)) if (!(key in record)) record[key] = value;
  return record;
}

export const withLinks = (m: MemberView) => ({ ...toRecord(m), links: [{ rel: "self", url: recordUrl(m.userId) }] });
