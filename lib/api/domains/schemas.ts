import { z } from "zod";
import type { DomainView } from "../../domain/domains/domains";
import { ROLES } from "../../domain/permissions";

// The JSON of /api/v1/domains (the OpenAPI document publishes it).

export const domainSchema = z.object({
  id: z.number().int(),
  domain: z.string().describe("ASCII (punycode), lower case"),
  status: z.enum(["pending", "verified", "lapsed"]),
  enrollment: z
    .enum(["off", "suggest", "auto_join"])
    .describe("How people with a confirmed email at the domain join: not at all, by asking, or at once"),
  defaultRole: z.enum(ROLES),
  verification: z.object({
    type: z.literal("TXT"),
    name: z.string().describe("Publish the record here"),
    value: z.string(),
  }),
  verifiedAt: z.string().nullable(),
  checkedAt: z.string().nullable().describe("The last look at the record (verification or the daily re-check)"),
  lastFound: z.string().nullable().describe("What that look found"),
});

export const domainListSchema = z.object({ domains: z.array(domainSchema) });

export const domainBodySchema = z.object({ domain: z.string().describe("example.com (IDNs accepted)") });

export const domainPatchSchema = z.object({
  enrollment: z.enum(["off", "suggest", "auto_join"]).optional(),
  defaultRole: z.enum(ROLES).optional(),
});

export const toDomain = (d: DomainView) =>
  ({
    id: d.id,
    domain: d.domain,
    status: d.status,
    enrollment: d.enrollment,
    defaultRole: d.defaultRole,
    verification: d.verification,
    verifiedAt: d.verifiedAt?.toISOString() ?? null,
    checkedAt: d.checkedAt?.toISOString() ?? null,
    lastFound: d.lastFound,
  }) satisfies z.output<typeof domainSchema>;
