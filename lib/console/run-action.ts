import "server-only";
import { headers } from "next/headers";
import type { MemberActor, PublicActor } from "../platform/auth/actor";
import type { ErrorDetail } from "../platform/errors";
import { isDomainError } from "../platform/errors";
import { clientIp, limitKey } from "../platform/limits/client-ip";
import { enforce, limits } from "../platform/limits/rate-limit";
import { forPeople } from "./messages";
import { consoleActor, consolePerson } from "./session";

export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | { ok: false; error: string; code: string; details: ErrorDetail[] };

/** Runs `fn` as whoever `resolve` finds behind the session, under the per-address and per-person limits. */
async function runAs<A extends { userId?: number }, T>(
  resolve: () => Promise<A | null>,
  fn: (actor: A) => Promise<T>,
  message?: string,
): Promise<ActionResult<T>> {
  try {
    const l = limits();
    await enforce(`ip:${limitKey(clientIp(await headers()))}`, l.perIp);
    const actor = await resolve();
    if (!actor)
      return { ok: false, error: "Your session has ended; sign in again", code: "unauthenticated", details: [] };
    await enforce(`user:${actor.userId}`, l.perKey);
    return { ok: true, data: await fn(actor), message };
  } catch (e) {
    return refusal(e);
  }
}

/**
 * The one way a console server action runs: it authenticates the session
 * once, lets the domain decide, and turns expected refusals into a message
 * the page shows (unexpected errors are logged and answered generically).
 */
export function runAction<T>(fn: (actor: MemberActor) => Promise<T>, message?: string): Promise<ActionResult<T>> {
  return runAs(consoleActor, fn, message);
}

/** The signed-in person's own login (any account, or none; the account's 2-step policy does not stop it). */
export function runPersonAction<T>(fn: (actor: PublicActor) => Promise<T>, message?: string): Promise<ActionResult<T>> {
  return runAs(consolePerson, fn, message);
}

/** A public page's action (no session needed): the per-address limit, then the domain decides. */
export async function runPublicAction<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    await enforce(`ip:${limitKey(clientIp(await headers()))}`, limits().perIp);
    return { ok: true, data: await fn() };
  } catch (e) {
    return refusal(e);
  }
}

/** A thrown value as an action's answer: domain refusals say why in plain words; anything else is logged and hidden. */
export function refusal(e: unknown): ActionResult<never> {
  if (isDomainError(e)) return { ok: false, code: e.code, ...forPeople(e) };
  console.error("[roster] server action failed", e);
  return {
    ok: false,
    error: "Something went wrong on our side; it has been logged",
    code: "internal_error",
    details: [],
  };
}
