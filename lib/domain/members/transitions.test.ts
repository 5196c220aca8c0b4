import { describe, expect, it } from "vitest";
import type { MembershipStatus, Role } from "../../generated/prisma/enums";
import { ROLES } from "../permissions";
import { STATUSES } from "./status";
import { type MemberState, type Outcome, refusedOnSelf, TRANSITIONS } from "./transitions";

const every: MemberState[] = ROLES.flatMap((role) => STATUSES.map((status) => ({ role, status })));
const to = (o: Outcome) => ("to" in o ? o.to : null);

describe("the transition table (SPEC §3)", () => {
  it("answers every row for every state: a new role or status among the known ones, already so, or why not", () => {
    for (const [name, t] of Object.entries(TRANSITIONS))
      for (const from of every) {
        const o: Outcome = t.next(from, "DEVELOPER");
        if ("to" in o) {
          if (o.to.role) expect(ROLES, name).toContain(o.to.role);
          if (o.to.status) expect(STATUSES, name).toContain(o.to.status);
        } else if ("refused" in o) expect(o.refused, `${name} on ${from.role}/${from.status}`).toMatch(/\w/);
        else expect(o).toEqual({ already: true });
      }
  });

  it("moves status as SPEC §3 says", () => {
    const status = (name: keyof typeof TRANSITIONS, from: MembershipStatus) =>
      to(TRANSITIONS[name].next({ role: "REGULAR", status: from }))?.status ?? null;
    for (const s of STATUSES) {
      if (s !== "ACTIVE") expect(status("activate", s)).toBe("ACTIVE");
      if (s !== "DISABLED") expect(status("remove", s)).toBe("DISABLED");
    }
    // Already so: nothing to write, no event.
    expect(TRANSITIONS.activate.next({ role: "REGULAR", status: "ACTIVE" })).toEqual({ already: true });
    expect(TRANSITIONS.remove.next({ role: "REGULAR", status: "DISABLED" })).toEqual({ already: true });
    expect(status("approve", "REQUESTED")).toBe("ACTIVE");
    expect(status("deny", "REQUESTED")).toBe("DECLINED");
    expect(STATUSES.filter((s) => status("approve", s) !== null)).toEqual(["REQUESTED"]);
    expect(STATUSES.filter((s) => status("deny", s) !== null)).toEqual(["REQUESTED"]);
    expect(status("toggleSuspension", "ACTIVE")).toBe("SUSPENDED");
    expect(status("toggleSuspension", "SUSPENDED")).toBe("ACTIVE");
    expect(STATUSES.filter((s) => status("toggleSuspension", s) !== null)).toEqual(["ACTIVE", "SUSPENDED"]);
    expect(TRANSITIONS.suspend.next({ role: "REGULAR", status: "SUSPENDED" })).toEqual({ already: true });
    // An identity provider's active flag moves only between ACTIVE and SUSPENDED.
    expect(STATUSES.filter((s) => status("deactivate", s) !== null)).toEqual(["ACTIVE"]);
    expect(status("deactivate", "ACTIVE")).toBe("SUSPENDED");
    expect(STATUSES.filter((s) => status("reactivate", s) !== null)).toEqual(["SUSPENDED"]);
    expect(status("reactivate", "SUSPENDED")).toBe("ACTIVE");
    expect(STATUSES.filter((s) => status("acceptInvitation", s) !== null)).toEqual(["INVITED"]);
    expect(status("acceptInvitation", "INVITED")).toBe("ACTIVE");
  });

  it("changes roles only of ACTIVE members, except a guest's promotion", () => {
    const role = (name: keyof typeof TRANSITIONS, from: MemberState, asked?: Role) =>
      to(TRANSITIONS[name].next(from, asked))?.role ?? null;
    for (const s of STATUSES.filter((s) => s !== "ACTIVE")) {
      expect(role("promote", { role: "REGULAR", status: s })).toBeNull();
      expect(role("demote", { role: "ADMIN", status: s })).toBeNull();
      expect(role("setRole", { role: "REGULAR", status: s }, "ADMIN")).toBeNull();
      expect(role("promoteGuest", { role: "GUEST", status: s })).toBe("REGULAR");
    }
    expect(ROLES.filter((r) => role("promote", { role: r, status: "ACTIVE" }) === "ADMIN")).toEqual([
      "GUEST",
      "REGULAR",
      "DEVELOPER",
    ]);
    expect(ROLES.filter((r) => role("demote", { role: r, status: "ACTIVE" }) === "REGULAR")).toEqual(["ADMIN"]);
    expect(role("setRole", { role: "REGULAR", status: "ACTIVE" }, "SUPER")).toBe("SUPER");
  });

  it("refuses on oneself what SPEC §2 says: demotion, suspension, removal", () => {
    const admin: MemberState = { role: "ADMIN", status: "ACTIVE" };
    expect(refusedOnSelf(TRANSITIONS.demote, admin, { ...admin, role: "REGULAR" })).toBe(true);
    expect(refusedOnSelf(TRANSITIONS.toggleSuspension, admin, { ...admin, status: "SUSPENDED" })).toBe(true);
    expect(refusedOnSelf(TRANSITIONS.remove, admin, { ...admin, status: "DISABLED" })).toBe(true);
    expect(refusedOnSelf(TRANSITIONS.setRole, admin, { ...admin, role: "DEVELOPER" })).toBe(true);
    expect(refusedOnSelf(TRANSITIONS.setRole, admin, admin)).toBe(false);
    expect(refusedOnSelf(TRANSITIONS.activate, admin, admin)).toBe(false);
  });
});
