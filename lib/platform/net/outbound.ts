import "server-only";
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP } from "node:net";

// Requests to addresses a tenant chose (an identity provider's issuer, later a
// webhook): never to this host's private networks, loopback, link-local or a
// cloud's metadata address (SSRF), unless the operator allows it for local
// development and tests. The check sits in the connection's own lookup, so the
// address checked is the address connected to (no DNS rebinding between them).

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const)
  blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 127],
  ["64:ff9b::", 96],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  blocked.addSubnet(net, prefix, "ipv6");

/** Whether an address is not on the public internet (private, loopback, link-local, metadata, multicast). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1], "ipv4");
  return blocked.check(address, "ipv6");
}

export class OutboundRefused extends Error {}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true } as LookupAllOptions, (err, addresses) => {
      if (err) return callback(err, []);
      const refused = !allowPrivate && addresses.some((a) => isPrivateAddress(a.address));
      if (refused || addresses.length === 0) {
        return callback(
          Object.assign(new OutboundRefused(`${hostname} resolves to a private address`), { code: "EREFUSED" }),
          [],
        );
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

export interface OutboundOptions {
  allowPrivate: boolean;
  /** Plain http (only with allowPrivate: local development and tests). */
  allowHttp?: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  /** Past maxBytes: keep what was read and stop (a webhook's answer), rather than refuse (an IdP's). */
  truncate?: boolean;
}

/**
 * A fetch for tenant-chosen URLs: https only (unless allowed), private
 * addresses refused at connect time, redirects answered as they are (never
 * followed), a timeout, and at most `maxBytes` of the answer read.
 */
export function outboundFetch(opts: OutboundOptions) {
  const { allowPrivate, allowHttp = false, timeoutMs = 10_000, maxBytes = 1_000_000, truncate = false } = opts;
  return async (
    input: string | URL,
    init: { method?: string; headers?: HeadersInit; body?: unknown; signal?: AbortSignal | null } = {},
  ): Promise<Response> => {
    const url = new URL(input.toString());
    if (url.protocol !== "https:" && !(allowHttp && url.protocol === "http:")) {
      throw new OutboundRefused(`${url.origin} is not https`);
    }
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host) && !allowPrivate && isPrivateAddress(host)) {
      throw new OutboundRefused(`${host} is a private address`);
    }
    const headers = Object.fromEntries(new Headers(init.headers ?? {}).entries());
    const body =
      init.body == null
        ? undefined
        : typeof init.body === "string"
          ? init.body
          : init.body instanceof URLSearchParams
            ? init.body.toString()
            : Buffer.from(init.body as ArrayBuffer);
    const mod = url.protocol === "https:" ? https : http;
    return new Promise<Response>((resolve, reject) => {
      const req = mod.request(
        url,
        { method: init.method ?? "GET", headers, lookup: guardedLookup(allowPrivate) as never, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          let tooLarge = false;
          const finish = () => {
            const h = new Headers();
            for (const [k, v] of Object.entries(res.headers)) {
              if (Array.isArray(v)) for (const x of v) h.append(k, x);
              else if (v !== undefined) h.set(k, v);
            }
            const status = res.statusCode ?? 502;
            const nullBody = status === 204 || status === 304 || (status >= 100 && status < 200);
            resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, headers: h }));
          };
          res.on("data", (c: Buffer) => {
            if (tooLarge) return;
            size += c.length;
            if (size > maxBytes) {
              tooLarge = true;
              if (truncate) {
                chunks.push(c.subarray(0, c.length - (size - maxBytes)));
                finish();
              } else reject(new OutboundRefused(`the answer from ${url.origin} is larger than ${maxBytes} bytes`));
              res.destroy();
              return;
            }
            chunks.push(c);
          });
          res.on("end", () => {
            if (tooLarge) return;
            finish();
          });
          res.on("error", (e) => {
            if (!tooLarge) reject(e);
          });
        },
      );
      req.on("timeout", () => req.destroy(new OutboundRefused(`${url.origin} did not answer in ${timeoutMs} ms`)));
      // A whole-request deadline too: an answer trickled slowly never holds a worker longer.
      const deadline = setTimeout(
        () => req.destroy(new OutboundRefused(`${url.origin} did not finish answering in ${timeoutMs} ms`)),
        timeoutMs,
      );
      deadline.unref();
      req.on("close", () => clearTimeout(deadline));
      req.on("error", reject);
      init.signal?.addEventListener("abort", () => req.destroy(new OutboundRefused("aborted")));
      if (body !== undefined) req.write(body);
      req.end();
    });
  };
}
