// Passkeys as an attacker tries them (issue 28): another person's passkey,
// a replayed or re-signed answer, a cloned authenticator (its counter goes
// back), another origin; the real @simplewebauthn verification runs on the
// answers of a software authenticator.
import { describe, expect, it } from "vitest";
import { addMember } from "@/lib/domain/members/add-member";
import { personActor } from "@/lib/domain/sign-in/access";
import { listOwnFactors } from "@/lib/domain/sign-in/factors";
import {
  finishPasskeyRegistration,
  passkeySignInOptions,
  relyingParty,
  signInWithPasskey,
  startPasskeyRegistration,
} from "@/lib/domain/sign-in/passkeys";
import { signInWithPassword } from "@/lib/domain/sign-in/sign-in";
import { getDb } from "@/lib/platform/db/client";
import { SoftAuthenticator } from "../setup/authenticator";
import { expectDomainError, newAccount, uniqueEmail } from "../setup/fixtures";
import { testSession } from "../setup/sessions";

let seq = 0;
const browser = () => {
  seq++;
  return { ip: `198.20.${Math.floor(seq / 250)}.${seq % 250}`, userAgent: "Mozilla/5.0 Chrome/131" };
};

async function personWithPasskey(userVerified = true) {
  const acct = await newAccount();
  const email = uniqueEmail("passkey");
  const password = "passkey person pw";
  const added = await addMember(acct.owner, { email, password });
  const me = personActor(await testSession(added.userId), browser());
  const rp = relyingParty();
  const key = new SoftAuthenticator(rp.origins[0], rp.rpID, userVerified);
  const started = await startPasskeyRegistration(me, { name: "Laptop" });
  const done = await finishPasskeyRegistration(me, started.id, { response: key.register(started.options) });
  return { acct, email, password, userId: added.userId, me, key, recoveryCodes: done.recoveryCodes };
}

describe("passkeys", () => {
  it("register as a first factor (ten recovery codes) and sign in on their own at level 2 when the user was verified", async () => {
    const p = await personWithPasskey();
    expect(p.recoveryCodes).toHaveLength(10);
    expect((await listOwnFactors(p.me)).factors).toMatchObject([{ type: "webauthn", name: "Laptop" }]);
    const b = browser();
    const { options, pending } = await passkeySignInOptions(b, undefined);
    const session = await signInWithPasskey(b, pending, { response: p.key.assert(options) });
    expect(session.level).toBe(2);
    const row = await (await getDb()).session.findUniqueOrThrow({ where: { id: session.sid } });
    expect(row.methods).toEqual(["webauthn"]);
  });

  it("without user verification a passkey alone is one factor", async () => {
    const p = await personWithPasskey(false);
    const b = browser();
    const { options, pending } = await passkeySignInOptions(b, undefined);
    expect((await signInWithPasskey(b, pending, { response: p.key.assert(options) })).level).toBe(1);
  });

  it("serve as the second factor after the password, and only that person's", async () => {
    const p = await personWithPasskey();
    const stranger = await personWithPasskey();
    const b = browser();
    const first = await signInWithPassword(b, { email: p.email, password: p.password });
    expect(first).toMatchObject({ status: "needs_second_factor", factors: ["webauthn", "recovery_code"] });
    const pending = (first as { pending: string }).pending;
    const { options } = await passkeySignInOptions(b, pending);
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([p.key.credentialId.toString("base64url")]);
    // The stranger's passkey answers this challenge: refused, nothing minted.
    await expectDomainError(
      signInWithPasskey(b, pending, { response: stranger.key.assert(options) }),
      "unauthenticated",
    );
    const session = await signInWithPasskey(b, pending, { response: p.key.assert(options) });
    expect(session).toMatchObject({ uid: p.userId, level: 2 });
    // The same answer again: the pending sign-in is spent.
    await expectDomainError(signInWithPasskey(b, pending, { response: p.key.assert(options) }), "sign_in_expired");
  });

  it("a counter that goes back (a cloned authenticator) is refused and audited; another origin is refused", async () => {
    const p = await personWithPasskey();
    const b = browser();
    let o = await passkeySignInOptions(b, undefined);
    await signInWithPasskey(b, o.pending, { response: p.key.assert(o.options, { counter: 10 }) });
    o = await passkeySignInOptions(b, undefined);
    await expectDomainError(
      signInWithPasskey(b, o.pending, { response: p.key.assert(o.options, { counter: 5 }) }),
      "unauthenticated",
    );
    const audit = await (await getDb()).auditEvent.findMany({
      where: { action: "user.passkey_counter_regressed", targetId: String(p.userId) },
    });
    expect(audit).toHaveLength(1);
    o = await passkeySignInOptions(b, undefined);
    await expectDomainError(
      signInWithPasskey(b, o.pending, {
        response: p.key.assert(o.options, { counter: 20, origin: "https://evil.example" }),
      }),
      "unauthenticated",
    );
  });

  it("a registration answer signed for another challenge is not added", async () => {
    const acct = await newAccount();
    const added = await addMember(acct.owner, { email: uniqueEmail("pk"), password: "pk person pw 1" });
    const me = personActor(await testSession(added.userId), browser());
    const rp = relyingParty();
    const key = new SoftAuthenticator(rp.origins[0], rp.rpID);
    const started = await startPasskeyRegistration(me, {});
    await expectDomainError(
      finishPasskeyRegistration(me, started.id, { response: key.register({ challenge: "bm90LXRoZS1jaGFsbGVuZ2U" }) }),
      "invalid_input",
    );
    expect((await listOwnFactors(me)).factors).toEqual([]);
  });
});
