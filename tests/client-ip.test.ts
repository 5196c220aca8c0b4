import { describe, expect, it } from "vitest";
import { clientIp } from "@/lib/platform/limits/client-ip";

const h = (peer: string, xff?: string) =>
  new Headers({ "x-roster-peer": peer, "x-roster-forwarded-for": xff ?? "", "x-forwarded-for": "6.6.6.6" });

describe("clientIp", () => {
  it("is the socket's address by default, whatever the client forwards", () => {
    expect(clientIp(h("10.0.0.5", "1.2.3.4"), 0)).toBe("10.0.0.5");
    expect(clientIp(h("10.0.0.5"), 0)).toBe("10.0.0.5");
  });

  it("counts trusted proxy hops from the right", () => {
    // client → proxy A → proxy B → app: B is the peer, A appended the client.
    expect(clientIp(h("10.0.0.2", "203.0.113.7, 10.0.0.1"), 2)).toBe("203.0.113.7");
    // A forged left-most entry never wins.
    expect(clientIp(h("10.0.0.2", "6.6.6.6, 203.0.113.7, 10.0.0.1"), 2)).toBe("203.0.113.7");
    expect(clientIp(h("10.0.0.1", "203.0.113.7"), 1)).toBe("203.0.113.7");
    // Fewer hops than trusted: the left-most there is.
    expect(clientIp(h("10.0.0.1"), 3)).toBe("10.0.0.1");
  });

  it("is unknown outside the server", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "1.2.3.4" }))).toBe("unknown");
  });
});
