import type { z } from "zod";
import { success } from "@/lib/api/org/format";
import { readOrgParams } from "@/lib/api/org/params";
import { orgRoute } from "@/lib/api/org/route";
import { getSmartcardSchema, modifySmartcardSchema, type smartcardsAnswerSchema } from "@/lib/api/org/schemas";
import { getSmartcards, setSmartcards } from "@/lib/domain/devices/smartcards";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { parseInput } from "@/lib/platform/validation";

// GET /api/v1/org/modifysmartcard — a user's smartcards and PINs (seed 001)
export const GET = orgRoute(async ({ req, actor }) => {
  const p = parseInput(getSmartcardSchema, await readOrgParams(req));
  const smartcards = await getSmartcards(actor, p.email_id);
  return Response.json({
    email_id: p.email_id,
    smartcards: smartcards.map((c) => ({ label: c.label, number: c.number })),
  } satisfies z.output<typeof smartcardsAnswerSchema>);
});

// POST /api/v1/org/modifysmartcard — replace a user's smartcards; [] deletes all (seed 001)
export const POST = orgRoute(async ({ req, actor }) => {
  const p = parseInput(modifySmartcardSchema, await readOrgParams(req));
  const cards = await setSmartcards(actor, p.email_id, p.smartcards, p.allow_duplicates ?? false);
  return success(`Smartcards of user ${p.email_id} set (${cards.length})`);
});

export const { PUT, PATCH, DELETE } = notAllowed("GET", "POST");
