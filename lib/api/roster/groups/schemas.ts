import "server-only";
import { z } from "zod";
import { groupInputSchema, policyInputSchema } from "../../../domain/groups/schemas";
import { pageSchema } from "../../pagination";

const link = z.array(z.object({ rel: z.literal("self"), url: z.string() }));

export const groupSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  members: z.array(z.number().int()).describe("User ids"),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const groupWithLinksSchema = groupSchema.extend({ links: link });
export const groupListSchema = pageSchema(groupSchema);
export const groupBodySchema = groupInputSchema;

export const policySchema = groupSchema.extend({ groups: z.array(z.number().int()).describe("Group ids") });
export const policyWithLinksSchema = policySchema.extend({ links: link });
export const policyListSchema = pageSchema(policySchema);
export const policyBodySchema = policyInputSchema;

export const withSelf = <T extends { id: number; createdAt: Date; updatedAt: Date }>(base: string, v: T) => ({
  ...v,
  createdAt: v.createdAt.toISOString(),
  updatedAt: v.updatedAt.toISOString(),
  links: [{ rel: "self", url: `${base}/${v.id}` }],
});

export const plain = <T extends { createdAt: Date; updatedAt: Date }>(v: T) => ({
  ...v,
  createdAt: v.createdAt.toISOString(),
  updatedAt: v.updatedAt.toISOString(),
});
