import { z } from "zod";
import { emailSchema } from "../../platform/validation";

export const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .refine((s) => !s.includes("\u0000"), "must not contain NUL characters")
    .refine((s) => !LONE_SURROGATE.test(s), "must be valid Unicode text (a lone UTF-16 surrogate)");

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const optionalText = (max = 200) => text(max).nullable();

export const GENDERS = ["male", "female", "other", "unknown"] as const;

/** A member's fields as every dialect writes them (SPEC §1): the person's email plus this account's member profile. */
export const profileFields = {
  email: emailSchema,
  username: optionalText(100),
  firstName: optionalText(),
  middleName: optionalText(),
  lastName: optionalText(),
  displayName: optionalText(),
  company: optionalText(),
  title: optionalText(),
  department: optionalText(),
  website: optionalText(2000),
  phoneHome: optionalText(50),
  phoneOffice: optionalText(50),
  phoneMobile: optionalText(50),
  phoneTollFree: optionalText(50),
  phoneOther: optionalText(50),
  pager: optionalText(50),
  fax: optionalText(50),
  gender: z.enum(GENDERS),
  personId: optionalText(100),
  contributeAs: optionalText(100),
  termsAccepted: z.boolean(),
};

/** What a custom attribute may be called (a record's extra keys, an import's extra columns). */
export const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

/**
 * Names some dialect shows as a real field (or JavaScript gives a meaning):
 * a custom attribute under one of them would pass for that field.
 */
const RESERVED_ATTRIBUTE_NAMES = new Set([
  "id",
  "uid",
  "userId",
  "user_id",
  "accountId",
  "account_id",
  "role",
  "status",
  "statusCode",
  "status_code",
  "createdAt",
  "created_at",
  "updatedAt",
  "updated_at",
  "activeDate",
  "active_date",
  "tokenBalance",
  "token_balance",
  "version",
  "links",
  "password",
  "apiKey",
  "api_key",
  "__proto__",
  "constructor",
  "prototype",
]);

/** Why a custom attribute may not have this name, or null when it may. */
export function attributeNameProblem(name: string): string | null {
  if (!ATTRIBUTE_NAME.test(name)) return "must start with a letter or _ and hold at most 64 letters, digits, _ . or -";
  if (RESERVED_ATTRIBUTE_NAMES.has(name) || Object.hasOwn(profileFields, name))
    return "is a reserved name (a field of its own)";
  return null;
}

export const PROFILE_KEYS = Object.keys(profileFields) as (keyof typeof profileFields)[];

/** The member profile's keys: every field but the login email (the person's). */
export const MEMBER_PROFILE_KEYS = PROFILE_KEYS.filter(
  (k): k is Exclude<keyof typeof profileFields, "email"> => k !== "email",
);

export const profileSchema = z.object(profileFields).partial().strict();
export type ProfileInput = z.infer<typeof profileSchema>;

/** The attributes of a seed-003 record, in the seed's order (also what lists filter and sort on). */
export const RECORD_FIELDS = [
  "email",
  "username",
  "firstName",
  "middleName",
  "lastName",
  "displayName",
  "company",
  "title",
  "department",
  "website",
  "phoneHome",
  "phoneOffice",
  "phoneMobile",
  "phoneTollFree",
  "phoneOther",
  "pager",
  "fax",
  "gender",
] as const;
