import "server-only";
import { z } from "zod";
import { STATUSES } from "../../domain/members/status";
import { ROLES } from "../../domain/permissions";
import { profileFields } from "../../domain/users/profile";
import { emailSchema, idSchema } from "../../platform/validation";
import { intQuery } from "../query-params";

// Seed 000's account dialect: snake_case names over the same domain inputs.

/** GET /api/v1/account: a page of the account's users. */
export const accountQuerySchema = z
  .object({
    users_page: intQuery(1, 1_000_000, 1, "Page of users, by id"),
    users_limit: intQuery(
      1,
      1000,
      100,
      "Users per page: an account of every size answers quickly; users_total says how many there are",
    ),
  })
  .strict();

/** GET /api/v1/user: the caller, or another member. */
export const userQuerySchema = z
  .object({ user_id: idSchema.optional().describe("Another member's id (REGULAR and above)") })
  .strict();

export const userIdBodySchema = z.object({ user_id: idSchema.describe("The target user's id") }).strict();

export const addUserBodySchema = z
  .object({
    email: emailSchema,
    first_name: profileFields.firstName.optional(),
    last_name: profileFields.lastName.optional(),
    role: z.enum(ROLES).optional().describe("Defaults to REGULAR"),
  })
  .strict();

export const inviteUserBodySchema = addUserBodySchema;

export const patchUserBodySchema = z
  .object({
    user_id: idSchema.optional().describe("Defaults to the caller"),
    first_name: profileFields.firstName,
    middle_name: profileFields.middleName,
    last_name: profileFields.lastName,
    email: profileFields.email,
    person_id: profileFields.personId,
    contribute_as: profileFields.contributeAs,
    terms_accepted: profileFields.termsAccepted,
  })
  .partial()
  .strict();

const date = z.string().describe("ISO 8601 date-time");

export const userSchema = z.object({
  user_id: z.number().int(),
  uid: z.string(),
  email: z.string().nullable(),
  first_name: z.string().nullable(),
  middle_name: z.string().nullable(),
  last_name: z.string().nullable(),
  person_id: z.string().nullable(),
  contribute_as: z.string().nullable(),
  terms_accepted: z.boolean(),
  terms_accepted_at: date.nullable(),
});

export const memberSchema = z.object({
  user_id: z.number().int(),
  email: z.string().nullable(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  role: z.enum(ROLES),
  status: z.enum(STATUSES),
  status_code: z.number().int().describe("1 ACTIVE, 2 INVITED, 3 SUSPENDED, 4 DISABLED, 5 REQUESTED, 6 DECLINED"),
  active_date: date.nullable(),
  created_at: date,
});

export const accountUserSchema = memberSchema.extend({
  api_key: z.string().optional().describe("Only in answers to ADMIN and SUPER callers"),
});

export const addedUserSchema = memberSchema.extend({ api_key: z.string() });

/** Adding a person who has a Roster login elsewhere: invited instead, never enlisted without their consent. */
export const addedAsInvitedSchema = memberSchema.extend({
  status: z.literal("INVITED"),
  invitation: z.object({
    id: z.number().int(),
    status: z.literal("PENDING"),
    expires_at: date,
    emailed: z.boolean().describe("Whether the invitation mail went out"),
  }),
});

export const addUserAnswerSchema = z
  .union([addedUserSchema, addedAsInvitedSchema])
  .describe(
    "The new ACTIVE member and its API key; or, for a person who already has a Roster login (another account, a password of their own), an INVITED membership and a mailed invitation they accept as themselves (no API key until then)",
  );

export const invitedUserSchema = memberSchema.extend({
  invitation: z.object({
    id: z.number().int(),
    status: z.enum(["PENDING", "EXPIRED", "ACCEPTED", "REVOKED"]),
    expires_at: date,
    url: z.string().describe("The link the invitee opens to accept"),
  }),
});

export const refreshedKeySchema = z.object({ user_id: z.number().int(), api_key: z.string() });

export const accountSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  domain: z.string().nullable(),
  organization_id: z.string().nullable(),
  token_balance: z.number().int(),
  addresses: z.array(
    z.object({
      label: z.string().nullable(),
      line1: z.string(),
      line2: z.string().nullable(),
      city: z.string().nullable(),
      region: z.string().nullable(),
      postal_code: z.string().nullable(),
      country: z.string().nullable(),
    }),
  ),
  phones: z.array(z.object({ label: z.string().nullable(), number: z.string() })),
  users: z.array(accountUserSchema).describe("One page of the account's users, by id (all of them up to 100)"),
  users_page: z.number().int().describe("The page of users answered (users_page parameter)"),
  users_limit: z.number().int().describe("Users per page (users_limit parameter, default 100, at most 1000)"),
  users_total: z
    .number()
    .int()
    .describe("Users in the account; more pages follow when users_page × users_limit is less"),
});

export const joinRequestBodySchema = z
  .object({
    account_id: idSchema.describe("The account to join"),
    email: emailSchema.optional().describe("Required unless signed in: a link to confirm the request goes there"),
    first_name: profileFields.firstName.optional(),
    last_name: profileFields.lastName.optional(),
  })
  .strict();

export const joinConfirmBodySchema = z
  .object({
    token: z.string().max(200).describe("The token at the end of the mailed link"),
    password: z
      .string()
      .max(256)
      .optional()
      .describe("Required when the person has no password of their own yet (at least 8 characters)"),
  })
  .strict();

export const joinConfirmSchema = z.object({
  account_id: z.number().int(),
  user_id: z.number().int(),
  status: z.string().describe("REQUESTED, or the membership's status when the person already belonged"),
  status_code: z.number().int(),
});

export const joinRequestSchema = z.union([
  z
    .object({
      account_id: z.number().int(),
      user_id: z.number().int(),
      status: z.literal("REQUESTED"),
      status_code: z.literal(5),
    })
    .describe("Signed in: the request, waiting for an admin"),
  z
    .object({
      account_id: z.number().int(),
      status: z.literal("CONFIRMATION_SENT"),
      message: z.string(),
    })
    .describe("Not signed in: a link went to the email (the same answer for every email)"),
]);
