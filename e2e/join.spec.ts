import { expect, test } from "@playwright/test";
import { signIn, unique, uniqueEmail } from "./support/fixtures";

async function ask(browser: import("@playwright/test").Browser, accountId: number, email: string, last: string) {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`/join/${accountId}`);
  await expect(page.getByRole("heading", { name: "Ask to join Acme Corporation" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("First name").fill("Jo");
  await page.getByLabel("Last name").fill(last);
  await page.getByLabel("Password").fill("joiner-password-1");
  await page.getByRole("button", { name: "Ask to join" }).click();
  await expect(page.getByTestId("join-done")).toBeVisible();
}

test("request to join → approve, and → deny", async ({ page, browser }) => {
  await signIn(page);
  const account = await (await page.request.get("/api/v1/account")).json();
  const approveLast = unique("Approve");
  const denyLast = unique("Deny");
  await ask(browser, account.id, uniqueEmail("joiner"), approveLast);
  await ask(browser, account.id, uniqueEmail("joiner"), denyLast);

  await page.goto("/join-requests");
  const list = page.getByTestId("join-requests");
  await list.getByRole("button", { name: `Approve Jo ${approveLast}` }).click();
  await expect(page.locator("[data-toast]").filter({ hasText: `Jo ${approveLast} was approved` })).toBeVisible();
  await list.getByRole("button", { name: `Deny Jo ${denyLast}` }).click();
  await expect(page.locator("[data-toast]").filter({ hasText: `Jo ${denyLast} was denied` })).toBeVisible();
  await expect(list).not.toContainText(approveLast);
  await expect(list).not.toContainText(denyLast);

  await page.goto(`/members?q=${approveLast}`);
  await expect(page.getByTestId("members-table")).toContainText("Active");
  await page.goto(`/members?q=${denyLast}`);
  await expect(page.getByTestId("members-table")).toContainText("Declined");
});
