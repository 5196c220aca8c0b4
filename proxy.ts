import { type NextRequest, NextResponse } from "next/server";
import { hostOf } from "./lib/platform/http/same-origin";

// The network boundary, before any route: server actions posted from another
// site get a clear 403 here (Next.js itself would answer a 500). Methods
// Next.js cannot represent at all (TRACE…) are answered before it, in
// lib/platform/http/peer-address.ts.

const refuse = (status: number, code: string, error: string) =>
  NextResponse.json({ error, code, details: [] }, { status });

/** Next.js's own limit for a server action's body (serverActions.bodySizeLimit, 1 MB): past it, Next throws. */
const ACTION_BODY_LIMIT = 1024 * 1024;

export function proxy(req: NextRequest) {
  if (req.method === "POST" && req.headers.has("next-action")) {
    const origin = req.headers.get("origin");
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
    if (origin && hostOf(origin) !== host) {
      return refuse(403, "forbidden", "Console actions may only be sent from this site");
    }
    // A body Next would refuse with a 500 and a logged stack: refused here, by its declared length.
    const length = req.headers.get("content-length");
    if (length === null) return refuse(411, "length_required", "A console action's body must declare its length");
    if (!/^\d{1,15}$/.test(length) || Number(length) > ACTION_BODY_LIMIT) {
      return refuse(413, "payload_too_large", "A console action's body may hold at most 1 MB");
    }
  }
  return NextResponse.next();
}

// Only requests that name a server action reach it: every other request skips
// the proxy altogether (it cost Roster a third of the framework's throughput).
export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)", has: [{ type: "header", key: "next-action" }] }],
};
