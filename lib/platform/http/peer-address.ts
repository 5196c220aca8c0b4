import http from "node:http";

/** Headers the server sets itself on every request (any a client sends are dropped). */
export const PEER_HEADER = "x-roster-peer";
export const ORIGINAL_XFF_HEADER = "x-roster-forwarded-for";

/**
 * Before Next.js sees a request: methods it cannot serve are answered 405.
 * Route handlers do not see the TCP socket, and Next.js fills X-Forwarded-For
 * only when the client sent none — so a client could name any address. This
 * records the socket's address, and the X-Forwarded-For as it arrived, in
 * headers of our own before Next.js reads the request.
 */
/** The methods Next.js can turn into a request; anything else fails inside it with a 500. */
const SERVED = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
const SERVED_SET = new Set(SERVED.split(", "));

export function recordPeerAddresses(): void {
  const proto = http.Server.prototype as unknown as { emit: (event: string, ...args: unknown[]) => boolean };
  if ((proto.emit as { rosterPeer?: boolean }).rosterPeer) return;
  const emit = proto.emit;
  const patched = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      const res = args[1] as http.ServerResponse;
      // TRACE and the like cannot even be represented as a fetch Request: answered here.
      if (!SERVED_SET.has(req.method ?? "")) {
        const message = `${req.method} is not served here`;
        const scim = req.url?.startsWith("/scim/");
        const body = JSON.stringify(
          scim
            ? { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "405", detail: message }
            : { error: message, code: "method_not_allowed", details: [] },
        );
        res.writeHead(405, {
          Allow: SERVED,
          "Content-Type": scim ? "application/scim+json" : "application/json",
          "Content-Length": Buffer.byteLength(body),
        });
        res.end(body);
        return true;
      }
      const xff = req.headers["x-forwarded-for"];
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "unknown";
      req.headers[ORIGINAL_XFF_HEADER] = Array.isArray(xff) ? xff.join(",") : (xff ?? "");
    }
    return emit.call(this, event, ...args);
  };
  (patched as { rosterPeer?: boolean }).rosterPeer = true;
  proto.emit = patched;
}
