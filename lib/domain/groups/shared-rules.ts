import "server-only";
import { Prisma } from "../../generated/prisma/client";
import { DomainError } from "../../platform/errors";
import type { Tx } from "../tx";

// What groups and policies share: a name unique in the account whatever its
// case, and a version (the last change's time) that If-Match names.

const TABLES = { group: "Group", policy: "Policy" } as const;

export async function assertNameFree(
  tx: Tx,
  kind: keyof typeof TABLES,
  accountId: number,
  name: string,
  exceptId?: number,
) {
  // A unique index on lower(name) holds it too; this names the holder in the refusal.
  const [taken] = await tx.$queryRaw<{ name: string }[]>`
    SELECT name FROM ${Prisma.raw(`"${TABLES[kind]}"`)}
    WHERE "accountId" = ${accountId} AND lower(name) = lower(${name}) AND id <> ${exceptId ?? 0}
    LIMIT 1`;
  if (taken)
    throw new DomainError("name_taken", `A ${kind} named "${taken.name}" already exists`, [
      { field: "name", message: "is taken" },
    ]);
}

/** If-Match for groups and policies: their version is the last change's time (ms). */
export function assertVersion(current: { updatedAt: Date }, expected: number | undefined) {
  if (expected !== undefined && current.updatedAt.getTime() !== expected) {
    throw new DomainError("precondition_failed", "The record changed since you read it (If-Match does not match)");
  }
}
