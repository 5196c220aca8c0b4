import { type NextRequest, NextResponse } from "next/server";
import { hostOf } from "./lib/platform/http/same-origin";

// The network boundary, before any route: server actions posted from another
// site get a clear 403 here (Next.js itself would answer a 500). Methods
// Next.js cannot represent at all (TRACE…) are answered before it, in
// lib/platform/http/peer-address.ts.

const refuse = (status: number, code: string, error: string) =>
  NextResponse.json({ error, code, details: [] }, { status });

export function proxy(req: NextRequest) {
  if (req.method === "POST" && req.headers.has("next-action")) {
    const origin = req.headers.get("origin");
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
    if (origin && hostOf(origin) !== host) {
      return refuse(403, "forbidden", "Console actions may only be sent from this site");
    }
  }
  return NextResponse.next();
}

// Only requests that name a server action reach it: every other request skips
// the proxy altogether (it cost Roster a third of the framework's throughput).
export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)", has: [{ type: "header", key: "next-action" }] }],
};
