import "server-only";
import type { MemberView } from "../../domain/members/view";
import type { Actor } from "../../platform/auth/actor";
import { readJsonObject } from "../../platform/http/body";
import { parseInput } from "../../platform/validation";
import { apiRoute } from "../http/route";
import { userIdBodySchema } from "./schemas";
import { toMember } from "./serialize";

/** POST /api/v1/account/users/<action> with `{"user_id": …}`: one domain verb, seed 000's shape. */
export function userAction(verb: (actor: Actor, userId: number) => Promise<MemberView>) {
  return apiRoute(async ({ req, actor }) => {
    const { user_id } = parseInput(userIdBodySchema, await readJsonObject(req));
    return Response.json(toMember(await verb(actor, user_id)));
  });
}
