import { adminCommand, baseUrl, clientAddress } from "./client";

/** A SCIM token of an account (with its id, for revoking), made through the operator CLI as an admin would on Settings. */
export async function newScimToken(accountId: number, email: string, label = "IdP") {
  return adminCommand<{ id: number; token: string }>([
    "create-scim-token",
    "--account",
    String(accountId),
    "--email",
    email,
    "--label",
    label,
  ]);
}

export async function scimToken(accountId: number, email: string, label = "IdP"): Promise<string> {
  return (await newScimToken(accountId, email, label)).token;
}

export interface ScimAnswer {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

/** SCIM requests as an identity provider sends them, with this token (any string, for refusals too). */
export function scimClientFor(token: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(`${baseUrl()}/scim/v2${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/scim+json",
        "x-forwarded-for": clientAddress,
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null, text, headers: r.headers } as ScimAnswer;
  };
}

/** SCIM requests with a new token of that account. */
export async function scimClient(accountId: number, email: string, label = "IdP") {
  return scimClientFor(await scimToken(accountId, email, label));
}
