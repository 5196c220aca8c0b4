import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { addMember, signIn } from "./support/fixtures";

async function axe(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map(
      (v) =>
        `${name}: ${v.id} (${v.impact}) ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(" | ")}`,
    ),
  ).toEqual([]);
}

async function pages(page: Page) {
  const m = await addMember(page.request);
  const account = await (await page.request.get("/api/v1/account")).json();
  return [
    ["members", "/members"],
    ["member", `/members/${m.id}`],
    ["invitations", "/invitations"],
    ["join-requests", "/join-requests"],
    ["groups", "/groups"],
    ["policies", "/policies"],
    ["settings", "/settings"],
    ["audit", "/audit"],
    ["api-reference", "/api-reference"],
    ["join", `/join/${account.id}`],
    ["invite-invalid", "/invite/not-a-real-token-0000000000"],
    ["your-login", "/login"],
    ["forgot-password", "/forgot-password"],
    ["reset-expired", "/reset-password/not-a-real-token-0000000000"],
  ] as const;
}

for (const scheme of ["light", "dark"] as const) {
  test(`every page has no serious accessibility violation and is screenshotted (${scheme})`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/sign-in");
    await axe(page, "sign-in");
    await page.screenshot({ path: `test-results/screens/${scheme}/sign-in.png`, fullPage: true });
    await signIn(page);
    for (const [name, url] of await pages(page)) {
      await page.goto(url);
      await page.waitForLoadState("networkidle");
      await axe(page, name);
      await page.screenshot({ path: `test-results/screens/${scheme}/${name}.png`, fullPage: true });
    }
  });
}

test("usable at 375 px wide: no page scrolls sideways", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await signIn(page);
  for (const [name, url] of await pages(page)) {
    await page.goto(url);
    await page.waitForLoadState("networkidle");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${name} is ${width}px wide`).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `test-results/screens/mobile/${name}.png`, fullPage: true });
  }
});
