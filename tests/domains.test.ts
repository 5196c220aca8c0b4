// Verified domains (issue 29, part 1): proved through a DNS server on loopback,
// one account at a time, public mail domains refused, names folded, lapsed
// when the record goes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addDomain,
  deleteDomain,
  listDomains,
  RECHECK_MS,
  recheckDomains,
  updateDomain,
  verifyDomain,
} from "@/lib/domain/domains/domains";
import { getDb } from "@/lib/platform/db/client";
import { type DnsServer, startDnsServer } from "./setup/dns-server";
import { expectDomainError, newAccount, newMember } from "./setup/fixtures";

const records = new Map<string, string[]>();
let dns: DnsServer;
beforeAll(async () => {
  dns = await startDnsServer((name) => records.get(name));
  process.env.ROSTER_DNS_SERVERS = dns.address;
});
afterAll(async () => {
  delete process.env.ROSTER_DNS_SERVERS;
  await dns.close();
});

let n = 0;
const fresh = () => `corp${Date.now().toString(36)}${++n}.example`;
const publish = (d: { verification: { name: string; value: string } }) =>
  records.set(d.verification.name, ["v=spf1 -all", d.verification.value]);

describe("verified domains", () => {
  it("verify through their TXT record; a missing or wrong record is a 409 saying what was found", async () => {
    const acct = await newAccount();
    const name = fresh();
    const d = await addDomain(acct.owner, { domain: ` ${name.toUpperCase()}. ` });
    expect(d).toMatchObject({
      domain: name,
      status: "pending",
      verification: { type: "TXT", name: `_roster-challenge.${name}` },
    });
    expect(d.verification.value).toMatch(/^roster-verification=[A-Za-z0-9_-]{24}$/);
    const none = await expectDomainError(verifyDomain(acct.owner, d.id), "verification_failed");
    expect(none.message).toContain("found no TXT record");
    records.set(d.verification.name, ["roster-verification=someone-elses"]);
    const wrong = await expectDomainError(verifyDomain(acct.owner, d.id), "verification_failed");
    expect(wrong.message).toContain("someone-elses");
    publish(d);
    expect((await verifyDomain(acct.owner, d.id)).status).toBe("verified");
    expect((await listDomains(acct.owner)).map((x) => [x.domain, x.status])).toEqual([[name, "verified"]]);
  });

  it("belong to one account at a time: another account can list it but not verify it until it lapses", async () => {
    const a = await newAccount("A");
    const b = await newAccount("B");
    const name = fresh();
    const da = await addDomain(a.owner, { domain: name });
    publish(da);
    await verifyDomain(a.owner, da.id);
    const db = await addDomain(b.owner, { domain: name });
    records.set(db.verification.name, [db.verification.value]);
    await expectDomainError(verifyDomain(b.owner, db.id), "conflict");
    // The name now holds B's record only (A's is gone): the daily check lapses A's claim (audited), and B may verify.
    const later = new Date(Date.now() + RECHECK_MS + 60_000);
    expect((await recheckDomains(later)).lapsed).toContain(name);
    expect((await listDomains(a.owner))[0].status).toBe("lapsed");
    expect((await verifyDomain(b.owner, db.id)).status).toBe("verified");
    const audit = await (await getDb()).auditEvent.findMany({
      where: { accountId: a.accountId, action: "domain.lapse" },
    });
    expect(audit).toHaveLength(1);
  });

  it("a failed lookup (DNS down) lapses nothing", async () => {
    const acct = await newAccount();
    const d = await addDomain(acct.owner, { domain: fresh() });
    publish(d);
    await verifyDomain(acct.owner, d.id);
    process.env.ROSTER_DNS_SERVERS = "127.0.0.1:9"; // nothing answers there
    try {
      const later = new Date(Date.now() + RECHECK_MS + 60_000);
      expect((await recheckDomains(later)).lapsed).not.toContain(d.domain);
    } finally {
      process.env.ROSTER_DNS_SERVERS = dns.address;
    }
    expect((await listDomains(acct.owner))[0].status).toBe("verified");
  }, 30_000);

  it("refuse public mail domains (and names under them), addresses and non-names; fold IDNs to punycode", async () => {
    const acct = await newAccount();
    for (const bad of ["gmail.com", "Outlook.com", "mail.yahoo.com", "localhost", "10.0.0.1", "-x-.com", "", 42])
      await expectDomainError(addDomain(acct.owner, { domain: bad }), "invalid_input");
    const idn = await addDomain(acct.owner, { domain: `bücher${Date.now().toString(36)}.example` });
    expect(idn.domain).toMatch(/^xn--bcher/);
    await expectDomainError(addDomain(acct.owner, { domain: idn.domain.toUpperCase() }), "conflict");
  });

  it("are for ADMIN and above; enrollment auto_join needs a verified domain; an ADMIN cannot make SUPER the default", async () => {
    const acct = await newAccount();
    const regular = await newMember(acct, "REGULAR");
    const admin = await newMember(acct, "ADMIN");
    await expectDomainError(addDomain(regular.actor, { domain: fresh() }), "forbidden");
    await expectDomainError(listDomains(regular.actor), "forbidden");
    const d = await addDomain(admin.actor, { domain: fresh() });
    await expectDomainError(updateDomain(admin.actor, d.id, { enrollment: "auto_join" }), "invalid_transition");
    expect((await updateDomain(admin.actor, d.id, { enrollment: "suggest" })).enrollment).toBe("suggest");
    await expectDomainError(updateDomain(admin.actor, d.id, { defaultRole: "SUPER" }), "forbidden");
    await expectDomainError(updateDomain(admin.actor, d.id, { enrollment: "x" }), "invalid_input");
    await expectDomainError(updateDomain(admin.actor, d.id, {}, { expectedVersion: 0 }), "precondition_failed");
    // Another account's id is not found.
    const other = await newAccount("Other");
    await expectDomainError(deleteDomain(other.owner, d.id), "not_found");
    await deleteDomain(admin.actor, d.id);
    expect(await listDomains(admin.actor)).toEqual([]);
  });
});
