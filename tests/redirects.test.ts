import { describe, expect, it } from "vitest";
import { sameOriginPath } from "@/lib/platform/http/redirects";

describe("sameOriginPath", () => {
  it.each([
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "//evil.example",
    "///evil.example",
    "\\\\evil.example",
    "https://evil.example/members",
    "javascript:alert(1)",
    "http://[::1",
    "",
    "x".repeat(3000),
  ])("sends %j back home", (raw) => {
    const out = sameOriginPath(raw);
    expect(out.startsWith("/")).toBe(true);
    expect(out.startsWith("//")).toBe(false);
    expect(new URL(out, "https://roster.example").origin).toBe("https://roster.example");
  });

  it("keeps a path of this site with its query", () => {
    expect(sameOriginPath("/members?q=ana#top")).toBe("/members?q=ana#top");
    expect(sameOriginPath("/./members")).toBe("/members");
    expect(sameOriginPath("/.//evil.example")).toBe("/evil.example");
  });
});
