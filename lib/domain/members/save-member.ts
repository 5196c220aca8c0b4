import "server-only";
import { z } from "zod";
import type { Actor } from "../../platform/auth/actor";
import { parseInput } from "../../platform/validation";
import { setComputerUsernames } from "../devices/computer-usernames";
import { setSmartcards } from "../devices/smartcards";
import { setMemberGroups, setMemberPolicies } from "../groups/member-groups";
import { allOrNothing } from "../tx";
import { updateProfile } from "../users/update-profile";

/** The parts of a member's page that one Save changes; each part is checked by its own verb. */
const memberChangesSchema = z
  .object({
    profile: z.record(z.string(), z.unknown()),
    groups: z.unknown(),
    policies: z.unknown(),
    smartcards: z.object({ cards: z.unknown(), allowDuplicates: z.boolean().optional() }).strict(),
    computerUsernames: z.array(z.unknown()),
  })
  .partial()
  .strict();

export type MemberChanges = z.input<typeof memberChangesSchema>;

/**
 * Saves the parts of a member that changed, all or nothing: the profile,
 * groups, policies, smartcards and computer usernames each go through their
 * own verb (its permission check and audit event), in one transaction.
 */
export async function saveMember(actor: Actor, rawUserId: unknown, raw: MemberChanges): Promise<void> {
  const changes = parseInput(memberChangesSchema, raw);
  await allOrNothing(async () => {
    if (changes.profile) await updateProfile(actor, rawUserId, changes.profile);
    if (changes.groups !== undefined) await setMemberGroups(actor, rawUserId, changes.groups);
    if (changes.policies !== undefined) await setMemberPolicies(actor, rawUserId, changes.policies);
    if (changes.smartcards)
      await setSmartcards(actor, rawUserId, changes.smartcards.cards, changes.smartcards.allowDuplicates);
    if (changes.computerUsernames)
      await setComputerUsernames(
        actor,
        rawUserId,
        changes.computerUsernames.map((computer_username) => ({ computer_username })),
      );
  });
}
