import { domainToASCII } from "node:url";
import providers from "email-providers/all.json";
import { DomainError } from "../../platform/errors";

// A domain as accounts claim it: punycode (ASCII), lower case, no trailing dot,
// a real name with a dot — and never a public mail provider's (gmail.com,
// outlook.com…: the maintained list of the email-providers package), nor a
// name under one.

const PUBLIC = new Set<string>(providers as string[]);
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function normalizeDomain(raw: unknown): string {
  const text = typeof raw === "string" ? raw.trim().replace(/\.$/, "") : "";
  const ascii = text ? domainToASCII(text.toLowerCase()) : "";
  const labels = ascii.split(".");
  const bad = (message: string) => new DomainError("invalid_input", message, [{ field: "domain", message }]);
  if (!ascii || ascii.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l)))
    throw bad("must be a domain name such as example.com");
  if (/^\d+$/.test(labels.at(-1) ?? "")) throw bad("must be a domain name, not an address");
  if (isPublicMailDomain(ascii)) throw bad("is a public mail provider's domain: anyone can have an address there");
  return ascii;
}

/** Whether `domain` (or a domain it is under) is a public mail provider's. */
export function isPublicMailDomain(domain: string): boolean {
  const labels = domain.split(".");
  return labels.some((_, i) => i < labels.length - 1 && PUBLIC.has(labels.slice(i).join(".")));
}

export const challengeName = (domain: string) => `_roster-challenge.${domain}`;
export const challengeValue = (token: string) => `roster-verification=${token}`;
