// The secret oracle: canaries planted in an account (every role's API key, a
// SCIM token, an invitation link, a reset link, a password, another account's
// data), and a scan of every successful answer for what its caller may not see.
import { appendFileSync } from "node:fs";
import path from "node:path";
import { generateSync } from "otplib";
import { inject } from "vitest";
import { createSamlIdp, type SamlTestIdp } from "../../setup/saml-idp";
import { api, baseUrl, clientAddress, mailedToken, uniqueEmail } from "./client";
import { scimToken } from "./scim";
import { action, callAction } from "./session";

export const RANK: Record<string, number> = { GUEST: 0, REGULAR: 1, DEVELOPER: 2, ADMIN: 3, SUPER: 4 };

/** Who may see a secret in an answer: a caller's account and role, and who they are. */
export interface Viewer {
  accountId?: number;
  role?: string;
  userId?: number;
}

interface Canary {
  label: string;
  value: string;
  visibleTo: (v: Viewer) => boolean;
}

let samlIdp: Promise<SamlTestIdp> | null = null;
const canaryIdp = () => {
  samlIdp ??= createSamlIdp({ entityId: "https://canary-idp.example/saml" });
  return samlIdp;
};

const API_KEY = /rk_[0-9a-f]{24}\.[A-Za-z0-9_-]{43}/g;

export class Oracle {
  private readonly canaries: Canary[] = [];
  /** Values a caller wrote into its own account (a fuzzer may send another account's email): its data from then on. */
  private readonly adopted = new Set<string>();
  /** Every API key the suite made: whose it is. */
  private readonly keys = new Map<string, { accountId: number; role: string; userId: number }>();

  /** A secret no answer may show; the server log is checked for it too (setup/server.ts). */
  never(label: string, value: string) {
    this.canaries.push({ label, value, visibleTo: () => false });
    appendFileSync(path.join(inject("dataDir"), "secrets.txt"), `${value}\n`);
  }

  onlyTo(label: string, value: string, visibleTo: (v: Viewer) => boolean) {
    this.canaries.push({ label, value, visibleTo });
  }

  /** An API key: its owner sees it; in its account ADMIN and SUPER see it, a SUPER's only SUPER (SPEC §2). */
  key(key: string, owner: { accountId: number; role: string; userId: number }) {
    this.keys.set(key, owner);
  }

  private keyVisible(key: string, v: Viewer): boolean | undefined {
    const owner = this.keys.get(key);
    if (!owner) return undefined;
    if (v.userId === owner.userId && v.accountId === owner.accountId) return true;
    if (v.accountId !== owner.accountId || !v.role) return false;
    return owner.role === "SUPER" ? v.role === "SUPER" : RANK[v.role] >= RANK.ADMIN;
  }

  /** A write that succeeded: the planted values it carried are now the writer's account's own data. */
  adopt(sent: string) {
    for (const c of this.canaries) if (sent.includes(c.value)) this.adopted.add(c.value);
  }

  /**
   * What of the planted secrets `text` shows that `viewer` may not see. An API
   * key nobody planted is allowed only where the operation mints one
   * (`mints`: the new member's or the refreshed key, shown once to its maker).
   */
  leaks(text: string, viewer: Viewer, mints = false, body?: unknown, sent = ""): string[] {
    const out: string[] = [];
    // A value the caller sent itself (a fuzzer may send another account's email) is no leak when echoed,
    // nor later, once a write of it succeeded (listed back as a member of the caller's own account).
    for (const c of this.canaries)
      if (text.includes(c.value) && !c.visibleTo(viewer) && !sent.includes(c.value) && !this.adopted.has(c.value))
        out.push(c.label);
    if (text.includes("$argon2")) out.push("a password hash");
    // A SAML connection's SP key is made by the server and never answered: no private key, of any form.
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) out.push("a private key");
    // GET /api/v1/account shows keys beside their owners' roles: judge those by the role shown.
    const shownWith = new Map<string, string>();
    const users = (body as { users?: { api_key?: string; role?: string }[] } | null)?.users;
    if (Array.isArray(users)) for (const u of users) if (u.api_key && u.role) shownWith.set(u.api_key, u.role);
    for (const key of text.match(API_KEY) ?? []) {
      const visible = this.keyVisible(key, viewer);
      if (visible === false) out.push(`the API key of ${JSON.stringify(this.keys.get(key))}`);
      if (visible !== undefined || mints) continue;
      const role = shownWith.get(key);
      const allowed =
        role !== undefined &&
        !!viewer.role &&
        RANK[viewer.role] >= RANK.ADMIN &&
        (role !== "SUPER" || viewer.role === "SUPER");
      if (!allowed) out.push(role ? `a ${role}'s API key` : "an API key the suite never made");
    }
    return out;
  }
}

export interface Planted {
  oracle: Oracle;
  /** The canary member: a password of its own, a reset link mailed, an invitation pending for another. */
  canary: { userId: number; email: string; password: string };
}

/**
 * Plants the canaries of `own` (seen from its callers) and `other` (never
 * seen by them): a member with a password, a mailed reset link, a pending
 * invitation link, a SCIM token, and every key made through `oracle.key`.
 */
export async function plant(
  oracle: Oracle,
  own: { accountId: number; apiKey: string; email: string },
  other: { accountId: number; apiKey: string; email: string; marker: string },
): Promise<Planted> {
  const password = `canary-password-${Math.random().toString(36).slice(2, 10)}`;
  const email = uniqueEmail("canary");
  const created = await api("POST", "/api/v1/account/accounts", {
    key: own.apiKey,
    body: { email, firstName: "Canary", password },
  });
  if (created.status !== 201) throw new Error(`canary: ${created.status} ${created.text}`);
  oracle.never("a member's password", password);

  // The invitation link was answered to its maker once; it appears nowhere again.
  const invited = await api("POST", "/api/v1/account/users/invite", {
    key: own.apiKey,
    body: { email: uniqueEmail("invitee") },
  });
  const inviteToken =
    String(invited.body?.invitation?.url ?? "")
      .split("/")
      .pop() ?? "";
  if (inviteToken.length < 20) throw new Error(`canary invite: ${invited.text}`);
  oracle.never("an invitation link token", inviteToken);

  const asked = await callAction(action("forgotPasswordAction"), [{ email }]);
  // A refusal (a rate limit, say) is said here, not found later as a mail that never came.
  if (!asked.text.includes('"ok":true')) throw new Error(`canary reset refused: ${asked.status} ${asked.text}`);
  oracle.never("a password reset link token", await mailedToken(email, "/reset-password"));
  oracle.never("a SCIM token", await scimToken(own.accountId, own.email, "canary"));
  oracle.never("another account's SCIM token", await scimToken(other.accountId, other.email, "canary"));
  oracle.never("another account's data", other.marker);
  const otherMember = await api("POST", "/api/v1/account/accounts", {
    key: other.apiKey,
    body: { email: uniqueEmail(other.marker), firstName: other.marker, lastName: other.marker },
  });
  if (otherMember.status !== 201) throw new Error(otherMember.text);
  await plantSecondFactor(oracle, email, password);
  // An SSO connection's client secret (this account's and another's): sealed, never answered.
  for (const [key, label] of [
    [own.apiKey, "an SSO client secret"],
    [other.apiKey, "another account's SSO client secret"],
  ] as const) {
    const clientSecret = `canary-sso-secret-${Math.random().toString(36).slice(2, 12)}`;
    const c = await api("POST", "/api/v1/sso/connections", {
      key,
      body: { type: "oidc", name: "Canary IdP", issuer: "https://idp.example", clientId: "canary", clientSecret },
    });
    if (c.status !== 201) throw new Error(`canary SSO connection: ${c.status} ${c.text}`);
    oracle.never(label, clientSecret);
    // And a SAML connection: its SP private key is the server's own (the scan looks for any private key).
    const saml = await api("POST", "/api/v1/sso/connections", {
      key,
      body: { type: "saml", name: "Canary SAML", metadataXml: (await canaryIdp()).metadataXml },
    });
    if (saml.status !== 201) throw new Error(`canary SAML connection: ${saml.status} ${saml.text}`);
    // A webhook's signing secret: answered to its maker once, never again.
    const hook = await api("POST", "/api/v1/webhooks", {
      key,
      body: { url: "http://127.0.0.1:9/canary", events: ["group.deleted"] },
    });
    if (hook.status !== 201 || !String(hook.body?.secret).startsWith("whsec_"))
      throw new Error(`canary webhook: ${hook.status} ${hook.text}`);
    oracle.never(label.replace("SSO client secret", "webhook signing secret"), hook.body.secret);
  }
  return { oracle, canary: { userId: created.body.id, email, password } };
}

/** The canary adds an authenticator app: its secret, its recovery codes and a pending sign-in's cookie are planted too. */
async function plantSecondFactor(oracle: Oracle, email: string, password: string) {
  const post = async (path: string, body: unknown, cookie = "") => {
    const res = await fetch(`${baseUrl()}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: baseUrl(),
        "x-forwarded-for": clientAddress,
        ...(cookie ? { cookie } : {}),
      },
      body: JSON.stringify(body),
    });
    const cookies = res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .filter((c) => !c.endsWith("="));
    return { status: res.status, body: await res.json().catch(() => null), cookies };
  };
  const session = (await post("/api/v1/login/sign-in", { email, password })).cookies.join("; ");
  const started = await post("/api/v1/login/factors/totp", {}, session);
  if (started.status !== 200) throw new Error(`canary factor: ${started.status} ${JSON.stringify(started.body)}`);
  oracle.never("an authenticator app's secret", started.body.secret);
  const code = generateSync({ secret: started.body.secret });
  const verified = await post(`/api/v1/login/factors/totp/${started.body.id}/verify`, { code }, session);
  for (const c of verified.body?.recoveryCodes ?? []) oracle.never("a recovery code", c);
  const pending = (await post("/api/v1/login/sign-in", { email, password })).cookies.find((c) =>
    c.startsWith("roster-pending-sign-in="),
  );
  if (!pending) throw new Error("canary: no pending sign-in");
  oracle.never("a pending sign-in's cookie", pending.split("=")[1]);
}
