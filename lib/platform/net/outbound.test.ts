import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPrivateAddress, outboundFetch } from "./outbound";

describe("isPrivateAddress", () => {
  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "::1",
    "::",
    "fe80::1",
    "fd00::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "64:ff9b::a00:1",
    "not an address",
  ])("%s is not public", (a) => expect(isPrivateAddress(a)).toBe(true));

  it.each(["8.8.8.8", "1.1.1.1", "2001:4860:4860::8888", "::ffff:8.8.8.8"])("%s is public", (a) =>
    expect(isPrivateAddress(a)).toBe(false),
  );
});

describe("outboundFetch", () => {
  let server: ReturnType<typeof createServer>;
  let port = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/redirect") {
        res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
        return;
      }
      if (req.url === "/big") {
        res.end("x".repeat(5000));
        return;
      }
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ ok: true, method: req.method }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("refuses loopback by address and by a name that resolves to it, and plain http, unless allowed", async () => {
    const strict = outboundFetch({ allowPrivate: false, allowHttp: true });
    await expect(strict(`http://127.0.0.1:${port}/`)).rejects.toThrow(/private address/);
    await expect(strict(`http://localhost:${port}/`)).rejects.toThrow(/private address/);
    await expect(outboundFetch({ allowPrivate: false })(`http://example.com/`)).rejects.toThrow(/not https/);
    const open = outboundFetch({ allowPrivate: true, allowHttp: true });
    const res = await open(`http://localhost:${port}/`, { method: "POST", body: "a=1" });
    expect(await res.json()).toEqual({ ok: true, method: "POST" });
  });

  it("answers a redirect as it is (never follows it) and stops reading past the size limit", async () => {
    const open = outboundFetch({ allowPrivate: true, allowHttp: true, maxBytes: 1000 });
    const r = await open(`http://127.0.0.1:${port}/redirect`);
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toContain("169.254.169.254");
    await expect(open(`http://127.0.0.1:${port}/big`)).rejects.toThrow(/larger than 1000 bytes/);
  });
});
