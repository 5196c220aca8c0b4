import http from "node:http";

/** Headers the server sets itself on every request (any a client sends are dropped). */
export const PEER_HEADER = "x-roster-peer";
export const ORIGINAL_XFF_HEADER = "x-roster-forwarded-for";

/**
 * Route handlers do not see the TCP socket, and Next.js fills X-Forwarded-For
 * only when the client sent none — so a client could name any address. This
 * records the socket's address, and the X-Forwarded-For as it arrived, in
 * headers of our own before Next.js reads the request.
 */
export function recordPeerAddresses(): void {
  const proto = http.Server.prototype as unknown as { emit: (event: string, ...args: unknown[]) => boolean };
  if ((proto.emit as { rosterPeer?: boolean }).rosterPeer) return;
  const emit = proto.emit;
  const patched = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      const xff = req.headers["x-forwarded-for"];
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "unknown";
      req.headers[ORIGINAL_XFF_HEADER] = Array.isArray(xff) ? xff.join(",") : (xff ?? "");
    }
    return emit.call(this, event, ...args);
  };
  (patched as { rosterPeer?: boolean }).rosterPeer = true;
  proto.emit = patched;
}
