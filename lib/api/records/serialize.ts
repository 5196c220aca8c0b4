import "server-only";
import type { z } from "zod";
import type { MemberView } from "../../domain/members/view";
import { RECORD_FIELDS, type RecordField, type recordSchema } from "./schemas";

export const recordUrl = (id: number) => `/api/v1/account/accounts/${id}`;

/** A record: its id, every profile attribute, then the account's custom attributes as further keys. */
export function toRecord(m: MemberView) {
  const profile = Object.fromEntries(RECORD_FIELDS.map((f) => [f, m[f]])) as Pick<MemberView, RecordField>;
  // A custom attribute never shadows a profile attribute (their names are refused when written).
  const custom = Object.fromEntries(
    Object.entries(m.attributes as Record<string, z.core.util.JSONType>).filter(
      ([key]) => key !== "id" && !(RECORD_FIELDS as readonly string[]).includes(key),
    ),
  );
  return { id: m.userId, ...profile, ...custom } satisfies z.output<typeof recordSchema>;
}

export const withLinks = (m: MemberView) => ({ ...toRecord(m), links: [{ rel: "self", url: recordUrl(m.userId) }] });
