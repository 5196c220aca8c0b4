import "server-only";

/** Seed 001's date format: "2020-03-20 01:30:34" (UTC). */
export const orgDate = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 19).replace("T", " ") : null);

export const success = (message: string) => Response.json({ success: message });

export const who = (m: { email: string | null; userId: number }) => m.email ?? `#${m.userId}`;
