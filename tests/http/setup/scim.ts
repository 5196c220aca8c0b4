import { adminCommand, baseUrl, clientAddress } from "./client";

/** A SCIM token of an account, made through the operator CLI as an admin would on Settings. */
export async function scimToken(accountId: number, email: string, label = "IdP"): Promise<string> {
  const { token } = await adminCommand<{ token: string }>([
    "create-scim-token",
    "--account",
    String(accountId),
    "--email",
    email,
    "--label",
    label,
  ]);
  return token;
}

/** SCIM requests as an identity provider sends them, with that account's token. */
export async function scimClient(accountId: number, email: string, label = "IdP") {
  const token = await scimToken(accountId, email, label);
  return async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${baseUrl()}/scim/v2${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/scim+json",
        "x-forwarded-for": clientAddress,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null, headers: r.headers };
  };
}
