import type { getMember } from "@/lib/domain/users/get-user";

// Shared by the member page (server) and its form (client): a value exported
// from a "use client" module would reach the server as a reference, not a list.

/** The profile fields the member page edits, in its order (gender has a select of its own). */
export const FORM_FIELDS = [
  "firstName",
  "lastName",
  "email",
  "username",
  "title",
  "department",
  "company",
  "phoneMobile",
  "phoneOffice",
] as const;

export type ProfileValues = Record<(typeof FORM_FIELDS)[number] | "gender", string>;

/** A member's profile as the form starts from it: a blank for each missing value. */
export function profileValues(m: Awaited<ReturnType<typeof getMember>>): ProfileValues {
  const values = Object.fromEntries(FORM_FIELDS.map((f) => [f, m[f] ?? ""]));
  return { ...values, gender: m.gender } as ProfileValues;
}
