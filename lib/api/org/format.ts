import "server-only";
import type { z } from "zod";
import type { successSchema } from "./schemas";

/** Seed 001's date format: "2020-03-20 01:30:34" (UTC). */
export function orgDate(d: Date): string;
export function orgDate(d: Date | null | undefined): string | null;
export function orgDate(d: Date | null | undefined) {
  return d ? d.toISOString().slice(0, 19).replace("T", " ") : null;
}

export const success = (message: string) =>
  Response.json({ success: message } satisfies z.output<typeof successSchema>);

export const who = (m: { email: string | null; userId: number }) => m.email ?? `#${m.userId}`;
