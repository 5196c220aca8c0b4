import { expect, test } from "@playwright/test";
import { publishTxt } from "./support/dns";
import { signIn } from "./support/fixtures";

// Settings → Domains in a real browser: claim a domain, see the TXT record to
// publish, a failed verification saying what it found, then verified once the
// record is on the (loopback) DNS server, and who may join through it.
test("an admin claims a domain, publishes its TXT record and verifies it", async ({ page }) => {
  await signIn(page);
  await page.goto("/settings");
  const domain = `e2e${Date.now().toString(36)}.example`;
  await page.getByRole("form", { name: "Add a domain" }).getByLabel("Domain").fill(domain);
  await page.getByRole("button", { name: "Add domain" }).click();
  const list = page.getByTestId("domains");
  await expect(list.getByText(domain, { exact: true })).toBeVisible();
  const value = (await list.getByTestId("domain-record").last().textContent())?.trim() ?? "";
  expect(value).toMatch(/^roster-verification=/);
  await list.getByRole("button", { name: "Verify" }).last().click();
  await expect(list.getByRole("alert")).toContainText("found no TXT record");
  await page.screenshot({ path: "test-results/screens/light/settings-domains.png", fullPage: true });
  publishTxt(`_roster-challenge.${domain}`, [value]);
  await list.getByRole("button", { name: "Verify" }).last().click();
  await expect(list.getByText("verified", { exact: true })).toBeVisible();
  await list.getByLabel(`Who may join through ${domain}`).selectOption("suggest");
  await expect(page.getByText("Saved")).toBeVisible();
});
