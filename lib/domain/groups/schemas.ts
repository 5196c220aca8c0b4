import { z } from "zod";
import { idSchema } from "../../platform/validation";
import { text } from "../users/profile";

export const nameSchema = text(100).min(1, "is required");
export const idListSchema = z.array(idSchema).max(10_000, "at most 10,000 ids");

export const groupInputSchema = z.object({ name: nameSchema, members: idListSchema }).partial().strict();
export type GroupInput = z.input<typeof groupInputSchema>;

export const policyInputSchema = z
  .object({ name: nameSchema, members: idListSchema, groups: idListSchema })
  .partial()
  .strict();
export type PolicyInput = z.input<typeof policyInputSchema>;
