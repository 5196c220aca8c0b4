"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { arg, parseArgs } from "@/lib/console/action-args";
import { runAction } from "@/lib/console/run-action";
import { addDomain, deleteDomain, updateDomain, verifyDomain } from "@/lib/domain/domains/domains";

// Settings → Domains: the account's email domains (ADMIN and above).

const done = <T>(r: T) => {
  revalidatePath("/settings");
  return r;
};

export async function addDomainAction(input: { domain: string }) {
  return done(
    await runAction(async (actor) => {
      const d = await addDomain(actor, ...parseArgs(z.tuple([arg.object]), [input]));
      return { id: d.id };
    }, "Domain added: publish its TXT record, then verify"),
  );
}

export async function verifyDomainAction(id: number) {
  return done(
    await runAction(async (actor) => {
      const d = await verifyDomain(actor, ...parseArgs(z.tuple([arg.id]), [id]));
      return { status: d.status };
    }, "Domain verified"),
  );
}

export async function updateDomainAction(id: number, input: { enrollment?: string }) {
  return done(
    await runAction(async (actor) => {
      const d = await updateDomain(actor, ...parseArgs(z.tuple([arg.id, arg.object]), [id, input]));
      return { enrollment: d.enrollment };
    }, "Saved"),
  );
}

export async function deleteDomainAction(id: number) {
  return done(await runAction((actor) => deleteDomain(actor, ...parseArgs(z.tuple([arg.id]), [id])), "Domain removed"));
}
