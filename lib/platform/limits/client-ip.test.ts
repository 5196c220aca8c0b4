import { describe, expect, it } from "vitest";
import { limitKey } from "./client-ip";

describe("limitKey", () => {
  it("counts an IPv6 address by its /64, however it is written", () => {
    const net = "2001:db8:1:2::/64";
    expect(limitKey("2001:db8:1:2::1")).toBe(net);
    expect(limitKey("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe(net);
    expect(limitKey("2001:DB8:1:2:a:b:c:d")).toBe(net);
    expect(limitKey("[2001:db8:1:2::9]")).toBe(net);
    expect(limitKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(limitKey("2001:db8:1:3::1")).not.toBe(net);
    expect(limitKey("::1")).toBe("0:0:0:0::/64");
    expect(limitKey("::")).toBe("0:0:0:0::/64");
    expect(limitKey("64:ff9b::192.0.2.1")).toBe("64:ff9b:0:0::/64");
  });

  it("keeps IPv4 (mapped or not) and anything else as it is", () => {
    expect(limitKey("203.0.113.7")).toBe("203.0.113.7");
    expect(limitKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(limitKey("unknown")).toBe("unknown");
  });
});
