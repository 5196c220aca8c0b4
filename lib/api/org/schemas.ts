import "server-only";
import { z } from "zod";
import { computerUsernameSchema } from "../../domain/devices/computer-usernames";
import { smartcardSchema } from "../../domain/devices/smartcards";
import { ROLES } from "../../domain/permissions";
import { idSchema } from "../../platform/validation";
import { optionalIntQuery } from "../query-params";
import { boolParam, jsonList, orgObject } from "./params";

export const modifyAllUsernamesSchema = orgObject({
  email_id: idSchema,
  computer_usernames: jsonList(z.object({ computer_username: computerUsernameSchema }).strict()),
});

const rank = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim().toUpperCase() === "USER" ? "REGULAR" : v.trim().toUpperCase()) : v),
  z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` }),
);

export const modifyRankSchema = orgObject({ admin_user_id: idSchema, rank });

export const getSmartcardSchema = orgObject({ email_id: idSchema });

export const modifySmartcardSchema = orgObject({
  email_id: idSchema,
  smartcards: jsonList(smartcardSchema),
  allow_duplicates: boolParam.optional(),
});

export const multipleUsersSchema = orgObject({
  email: boolParam.optional(),
  page: optionalIntQuery(1, 1_000_000, { description: "With limit: one slice, from 1" }),
  limit: optionalIntQuery(1, 10_000, {
    description: "Users per slice (at most 10,000); without it, every user, streamed",
  }),
  user_tag: z
    .preprocess(
      (v) => (typeof v === "string" ? v.trim().toUpperCase() : v),
      z.enum(["GUEST", "USER"], { error: "must be GUEST or USER" }),
    )
    .optional(),
});

export const emailIdOnlySchema = orgObject({ email_id: idSchema });

export const userSelectorSchema = orgObject({
  email_id: idSchema.optional(),
  email: z.string().max(254).optional(),
});

// Answers, for the OpenAPI document.
export const successSchema = z.object({ success: z.string() });
export const smartcardsAnswerSchema = z.object({
  email_id: z.number().int(),
  smartcards: z.array(z.object({ label: z.string().nullable(), number: z.string() })),
});
export const orgUserRowSchema = z.object({
  ad_status: z.string().describe("Authentication device status: the membership status"),
  active_date: z.string().nullable().describe('"YYYY-MM-DD HH:MM:SS", UTC'),
  confirmed: z.string().nullable(),
  created: z.string(),
  device_added: z.string().nullable().describe("When the newest smartcard was added"),
  email: z.string().nullable(),
  email_id: z.number().int(),
  email_status: z.enum(["UNCONFIRMED", "CONFIRMED"]),
  first_name: z.string().nullable(),
  groups: z.array(z.array(z.string())),
  last_name: z.string().nullable(),
  name: z.string().describe("first_name + last_name (and the email when email=true)"),
  user_id: z.number().int(),
  username: z.string().nullable(),
  unique_id: z.string(),
});
export const orgUserDetailSchema = z.object({
  policies: z.array(z.array(z.string())),
  computer_usernames: z.array(z.string()),
  smartcards: z.array(z.object({ label: z.string().nullable(), number: z.string() })),
});
