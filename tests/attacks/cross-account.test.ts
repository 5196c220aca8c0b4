// One person, two accounts, at once (issue 27): account A changes the login
// email of a person only A knows while account B adds that person by the old
// address. B's member must never end up carrying the address A chose.
import { describe, expect, it } from "vitest";
import { addMember } from "@/lib/domain/members/add-member";
import { getMember } from "@/lib/domain/users/get-user";
import { updateProfile } from "@/lib/domain/users/update-profile";
import { getDb } from "@/lib/platform/db/client";
import { newAccount, uniqueEmail } from "../setup/fixtures";

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (e: { code?: string }) => ({ ok: false as const, code: e.code ?? String(e) }),
  );

describe("an email change racing another account's add", () => {
  it("B's member always has the address B sent; A's change holds only if B did not get the person", async () => {
    const a = await newAccount("A");
    const b = await newAccount("B");
    const db = await getDb();
    for (let trial = 0; trial < 30; trial++) {
      const old = uniqueEmail("raced");
      const chosen = uniqueEmail("chosen");
      const p = await addMember(a.owner, { email: old });
      const [change, add] = await Promise.all([
        settle(updateProfile(a.owner, p.userId, { email: chosen })),
        settle(addMember(b.owner, { email: old })),
      ]);
      expect(add.ok, `trial ${trial}: ${JSON.stringify(add)}`).toBe(true);
      if (!add.ok) continue;
      const inB = await getMember(b.owner, add.value.userId);
      expect(inB.email, `trial ${trial}`).toBe(old);
      const person = await db.user.findUniqueOrThrow({ where: { id: p.userId } });
      if (add.value.userId === p.userId) {
        expect(change, `trial ${trial}`).toEqual({ ok: false, code: "owner_only" });
        expect(person.email).toBe(old);
      } else {
        expect(change.ok, `trial ${trial}: ${JSON.stringify(change)}`).toBe(true);
        expect(person.email).toBe(chosen);
      }
    }
  });
});
