// Attacks on people's logins over HTTP (issue 12): a stranger, another
// account's admin and an API key each try to take a login; sessions must end
// when their owner says so.
import { describe, expect, it } from "vitest";
import { api, baseUrl, expectError, mailedToken, newAccount, newMember, uniqueEmail } from "./setup/client";
import { action, callAction, signIn, signOut } from "./setup/session";

const whoAmI = (cookie: string) => api("GET", "/api/v1/user", { headers: { cookie } });
const trySignIn = (email: string, password: string) =>
  signIn(email, password).then(
    (cookie) => cookie,
    () => null,
  );

describe("logins belong to their owners", () => {
  it("a join request naming an API-added ADMIN's email sets no password", async () => {
    const acct = await newAccount();
    const admin = await newMember(acct.apiKey, "ADMIN");
    const other = await newAccount("Other");
    const withPassword = await api("POST", "/api/v1/join-requests", {
      body: { account_id: other.accountId, email: admin.email, password: "attacker-password-1" },
    });
    expectError(withPassword, 422);
    const plain = await api("POST", "/api/v1/join-requests", {
      body: { account_id: other.accountId, email: admin.email },
    });
    const unknown = await api("POST", "/api/v1/join-requests", {
      body: { account_id: other.accountId, email: uniqueEmail("nobody") },
    });
    expect(plain.status).toBe(202);
    expect(plain.text).toBe(unknown.text);
    expect(await trySignIn(admin.email, "attacker-password-1")).toBeNull();
  });

  it("another account's admin cannot set a password on a person who exists", async () => {
    const a = await newAccount("A");
    const b = await newAccount("B");
    const m = await newMember(a.apiKey, "ADMIN");
    const r = await api("POST", "/api/v1/account/accounts", {
      key: b.apiKey,
      body: { email: m.email, password: "squatter-password-1" },
    });
    expect(r.status).toBe(201);
    expect(await trySignIn(m.email, "squatter-password-1")).toBeNull();
    expectError(
      await api("PATCH", `/api/v1/account/accounts/${m.userId}`, {
        key: b.apiKey,
        body: { password: "squatter-password-2" },
      }),
      403,
      "owner_only",
    );
  });

  it("an API key changes neither its owner's password nor login email", async () => {
    const acct = await newAccount();
    const m = await newMember(acct.apiKey);
    expectError(
      await api("PATCH", `/api/v1/account/accounts/${m.userId}`, {
        key: m.apiKey,
        body: { password: "key-password-1" },
      }),
      403,
      "owner_only",
    );
    expectError(
      await api("PATCH", "/api/v1/user", { key: m.apiKey, body: { email: uniqueEmail() } }),
      403,
      "owner_only",
    );
  });

  it("an ADMIN is never shown a SUPER's key", async () => {
    const acct = await newAccount();
    const admin = await newMember(acct.apiKey, "ADMIN");
    const r = await api("GET", "/api/v1/account", { key: admin.apiKey });
    expect(r.status).toBe(200);
    expect(r.text).not.toContain(acct.apiKey.split(".")[1]);
    const owner = r.body.users.find((u: { user_id: number }) => u.user_id === acct.userId);
    expect(owner).toBeDefined();
    expect(owner.api_key).toBeUndefined();
  });
});

describe("sessions end when their owner says so", () => {
  async function personWithPassword() {
    const acct = await newAccount();
    const email = uniqueEmail("session");
    const r = await api("POST", "/api/v1/account/accounts", {
      key: acct.apiKey,
      body: { email, password: "first-password-1" },
    });
    expect(r.status).toBe(201);
    return { email, acct };
  }

  it("signing out ends that session on the server, not just in the browser", async () => {
    const { email } = await personWithPassword();
    const one = await signIn(email, "first-password-1");
    const two = await signIn(email, "first-password-1");
    expect((await whoAmI(one)).status).toBe(200);
    await signOut(one);
    expectError(await whoAmI(one), 401);
    expect((await whoAmI(two)).status).toBe(200);
    // Refreshing the signed-out token (next-auth's session endpoint) does not bring it back.
    const refreshed = await fetch(`${baseUrl()}/api/auth/session`, { headers: { cookie: one } });
    const renewed = refreshed.headers.getSetCookie().filter((c) => c.startsWith("next-auth.session-token="));
    expect(await refreshed.json()).toEqual({});
    // Nothing is re-issued: the only cookie set clears the ended one (it used to get an empty token for 12 more hours).
    expect(renewed).toHaveLength(1);
    expect(renewed[0]).toMatch(/^next-auth\.session-token=;.*Max-Age=0/);
    // Without a cookie, nothing is set at all.
    const anonymous = await fetch(`${baseUrl()}/api/auth/session`);
    expect(anonymous.headers.getSetCookie().filter((c) => c.includes("session-token"))).toEqual([]);
  });

  it("a password change and 'sign out everywhere' end every session", async () => {
    const { email } = await personWithPassword();
    const one = await signIn(email, "first-password-1");
    const two = await signIn(email, "first-password-1");
    const changed = await callAction(
      action("changePasswordAction"),
      [{ currentPassword: "first-password-1", newPassword: "second-password-2" }],
      one,
    );
    expect(changed.text).toContain('"ok":true');
    expectError(await whoAmI(two), 401);
    expectError(await whoAmI(one), 401);
    const three = await signIn(email, "second-password-2");
    const four = await signIn(email, "second-password-2");
    const out = await callAction(action("signOutEverywhereAction"), [], three);
    expect(out.text).toContain('"ok":true');
    expectError(await whoAmI(three), 401);
    expectError(await whoAmI(four), 401);
  });

  it("forgot password: a mailed single-use link sets a new password and ends old sessions", async () => {
    const { email } = await personWithPassword();
    const old = await signIn(email, "first-password-1");
    const asked = await callAction(action("forgotPasswordAction"), [{ email }]);
    const askedUnknown = await callAction(action("forgotPasswordAction"), [{ email: uniqueEmail("nobody") }]);
    expect(asked.text).toContain('"ok":true');
    expect(askedUnknown.text.replace(/^\d+:/gm, "")).toBe(asked.text.replace(/^\d+:/gm, ""));
    const token = await mailedToken(email, "/reset-password");
    const reset = await callAction(action("resetPasswordAction"), [{ token, password: "reset-password-3" }]);
    expect(reset.text).toContain('"ok":true');
    const again = await callAction(action("resetPasswordAction"), [{ token, password: "reset-password-4" }]);
    expect(again.text).toContain('"code":"link_expired"');
    expectError(await whoAmI(old), 401);
    expect(await trySignIn(email, "reset-password-3")).not.toBeNull();
  });
});

describe("an ADMIN and a SUPER's invitation (issue 27)", () => {
  it("the console refuses an ADMIN the link, a resend and auto-activation; the SUPER's invitation stays pending", async () => {
    const acct = await newAccount();
    const email = uniqueEmail("console-admin");
    const added = await api("POST", "/api/v1/account/accounts", {
      key: acct.apiKey,
      body: { email, password: "admin-password-1" },
    });
    await api("POST", "/api/v1/org/modifyrank", {
      key: acct.apiKey,
      body: { admin_user_id: added.body.id, rank: "ADMIN" },
    });
    const cookie = await signIn(email, "admin-password-1");
    const invited = await api("POST", "/api/v1/account/users/invite", {
      key: acct.apiKey,
      body: { email: uniqueEmail("future-super"), role: "SUPER" },
    });
    expect(invited.status).toBe(201);
    const id = invited.body.invitation.id as number;
    for (const [name, args] of [
      ["invitationLinkAction", [id]],
      ["resendInvitationAction", [id]],
      ["revokeInvitationAction", [id]],
      ["updateAccountAction", [{ settings: { autoActivateOnAccept: true } }]],
    ] as const) {
      const r = await callAction(action(name), [...args], cookie);
      expect(r.text, name).toContain('"code":"forbidden"');
      expect(r.text, name).not.toMatch(/\/invite\/[A-Za-z0-9_-]{20}/);
    }
    // The ADMIN still copies the link of an invitation they may grant.
    const own = await api("POST", "/api/v1/account/users/invite", {
      key: acct.apiKey,
      body: { email: uniqueEmail("future-dev"), role: "DEVELOPER" },
    });
    const copied = await callAction(action("invitationLinkAction"), [own.body.invitation.id], cookie);
    expect(copied.text).toMatch(/\/invite\/[A-Za-z0-9_-]{20}/);
  });
});
