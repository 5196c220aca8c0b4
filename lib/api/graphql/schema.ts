import "server-only";
import { createSchema } from "graphql-yoga";
import { inviteMember } from "../../domain/invitations/invite-member";
import { listOpenInvitations } from "../../domain/invitations/list-invitations";
import { setMemberRole } from "../../domain/members/change-role";
import { removeMember } from "../../domain/members/change-status";
import { listMembers } from "../../domain/members/list-members";
import type { MemberActor } from "../../platform/auth/actor";
import { DomainError, isDomainError } from "../../platform/errors";

export interface GraphQLContext {
  actor: MemberActor;
}

// Seed 002's user management API, over the same domain functions.
const typeDefs = /* GraphQL */ `
  "The role ladder, lowest to highest."
  enum UserAccountType {
    GUEST
    REGULAR
    DEVELOPER
    ADMIN
    SUPER
  }

  "ACTIVE is a pending invitation that can still be accepted."
  enum InviteStatus {
    ACTIVE
    EXPIRED
    ACCEPTED
    REVOKED
  }

  type ActiveUser {
    uid: String!
    email: String
    name: String
    accountType: UserAccountType!
  }

  type InvitedUser {
    email: String!
    accountType: UserAccountType!
    inviteStatus: InviteStatus!
  }

  type ListUsersResult {
    ok: Boolean!
    "Why ok is false."
    reason: String
    "The refusal as a code (forbidden, invalid_input, ...)."
    code: String
    activeUsers: [ActiveUser!]!
    invitedUsers: [InvitedUser!]!
    totalActiveUsers: Int!
    totalInvitedUsers: Int!
  }

  type MutationResult {
    ok: Boolean!
    "Why the change was refused, when ok is false."
    reason: String
    "The refusal as a code (forbidden, not_found, invalid_transition, last_super, ...)."
    code: String
  }

  type Query {
    "Active members and open invitations; each list is paged (page from 1, at most 100 per page)."
    listUsers(page: Int = 1, perPage: Int = 100): ListUsersResult!
  }

  type Mutation {
    inviteUser(email: String!, accountType: UserAccountType!): MutationResult!
    updateUserAccountType(uid: String!, accountType: UserAccountType!): MutationResult!
    disableUser(uid: String!): MutationResult!
  }
`;

const badInput = (message: string, field: string) => new DomainError("invalid_input", message, [{ field, message }]);

/**
 * Seed 002's clients read `ok`: every refusal — invalid input included —
 * answers ok: false with a reason and a code. Only what the schema itself
 * rejects (a missing argument, a wrong type) is a GraphQL error.
 */
async function mutation(run: () => Promise<unknown>) {
  try {
    await run();
    return { ok: true, reason: null, code: null };
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return { ok: false, reason: e.message, code: e.code };
  }
}

function checkPaging(page: number, perPage: number) {
  if (!Number.isInteger(page) || page < 1 || page > 1_000_000) throw badInput("page must be from 1 to 1000000", "page");
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100)
    throw badInput("perPage must be from 1 to 100", "perPage");
}

export const schema = createSchema<GraphQLContext>({
  typeDefs,
  resolvers: {
    Query: {
      listUsers: async (_: unknown, args: { page: number; perPage: number }, { actor }: GraphQLContext) => {
        try {
          checkPaging(args.page, args.perPage);
          const [active, invited] = await Promise.all([
            listMembers(actor, {
              page: args.page,
              limit: args.perPage,
              status: ["ACTIVE"],
              sort: [{ field: "id", desc: false }],
            }),
            listOpenInvitations(actor, args.page, args.perPage),
          ]);
          return {
            ok: true,
            reason: null,
            code: null,
            activeUsers: active.rows.map((m) => ({
              uid: m.uid,
              email: m.email,
              name: [m.firstName, m.lastName].filter(Boolean).join(" ") || m.displayName || null,
              accountType: m.role,
            })),
            invitedUsers: invited.rows.map((i) => ({
              email: i.email,
              accountType: i.role,
              inviteStatus: i.status === "PENDING" ? "ACTIVE" : i.status,
            })),
            totalActiveUsers: active.total,
            totalInvitedUsers: invited.total,
          };
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          return {
            ok: false,
            reason: e.message,
            code: e.code,
            activeUsers: [],
            invitedUsers: [],
            totalActiveUsers: 0,
            totalInvitedUsers: 0,
          };
        }
      },
    },
    Mutation: {
      inviteUser: (_: unknown, args: { email: string; accountType: string }, { actor }: GraphQLContext) =>
        mutation(() => inviteMember(actor, { email: args.email, role: args.accountType as never })),
      updateUserAccountType: (_: unknown, args: { uid: string; accountType: string }, { actor }: GraphQLContext) =>
        mutation(() => setMemberRole(actor, { uid: args.uid }, args.accountType)),
      disableUser: (_: unknown, args: { uid: string }, { actor }: GraphQLContext) =>
        mutation(() => removeMember(actor, { uid: args.uid })),
    },
  },
});
