import type { MembershipStatus, Role } from "../generated/prisma/enums";
import { can, rank } from "../permissions";

export type MemberVerb =
  | "activate"
  | "approve"
  | "deny"
  | "toggleSuspension"
  | "remove"
  | "promote"
  | "demote"
  | "promoteGuest"
  | "setRole"
  | "delete"
  | "refreshKey"
  | "revealKey"
  | "editProfile"
  | "editDevices";

/**
 * What the console offers a viewer on a member: the same rules as the domain
 * (which refuses anyway), used only to hide what cannot succeed.
 */
export function availableActions(
  viewer: { userId: number; role: Role },
  target: { userId: number; role: Role; status: MembershipStatus },
): Set<MemberVerb> {
  const out = new Set<MemberVerb>();
  const self = viewer.userId === target.userId;
  if (self) {
    out.add("editProfile").add("refreshKey").add("revealKey");
  }
  if (!can(viewer.role, "members.manage")) return out;
  if (target.role === "SUPER" && viewer.role !== "SUPER") return out;
  out.add("editDevices").add("revealKey");
  if (!self) out.add("refreshKey").add("editProfile");
  // A suspended member is unsuspended and a join request approved: one button each, not two that do the same.
  if (target.status !== "ACTIVE" && target.status !== "SUSPENDED" && target.status !== "REQUESTED") out.add("activate");
  if (target.status === "REQUESTED") out.add("approve").add("deny");
  if (!self && (target.status === "ACTIVE" || target.status === "SUSPENDED")) out.add("toggleSuspension");
  if (!self && target.status !== "DISABLED") out.add("remove");
  if (!self) out.add("delete");
  if (target.status === "ACTIVE") {
    if (rank(target.role) < rank("ADMIN")) out.add("promote");
    // Offered on oneself too: the domain refuses, and the page shows why.
    if (target.role === "ADMIN") out.add("demote");
    out.add("setRole");
  }
  if (target.role === "GUEST") out.add("promoteGuest");
  return out;
}

/** Roles a viewer may hand out. */
export function assignableRoles(viewerRole: Role): Role[] {
  if (viewerRole === "SUPER") return ["GUEST", "REGULAR", "DEVELOPER", "ADMIN", "SUPER"];
  if (viewerRole === "ADMIN") return ["GUEST", "REGULAR", "DEVELOPER", "ADMIN"];
  return [];
}
