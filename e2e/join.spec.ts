import { expect, test } from "@playwright/test";
import { signIn, unique, uniqueEmail } from "./support/fixtures";
import { waitForLink } from "./support/smtp";

async function ask(browser: import("@playwright/test").Browser, accountId: number, email: string, last: string) {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`/join/${accountId}`);
  await expect(page.getByRole("heading", { name: "Ask to join Acme Corporation" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("First name").fill("Jo");
  await page.getByLabel("Last name").fill(last);
  await page.getByRole("button", { name: "Ask to join" }).click();
  await expect(page.getByTestId("join-done")).toContainText("Check your email");
  // The request exists once the link mailed to the address is followed; a new person chooses a password there.
  await page.goto(await waitForLink(email, "/join/confirm"));
  await expect(page.getByRole("heading", { name: "Confirm your request to join" })).toBeVisible();
  await page.getByLabel("Choose a password").fill("joiner-password-1");
  await page.getByRole("button", { name: "Send my request" }).click();
  await expect(page.getByTestId("link-done")).toContainText("Your request was sent");
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
  // Denying asks first.
  await page
    .getByRole("dialog", { name: `Deny Jo ${denyLast}'s request to join? They can ask again later.` })
    .getByRole("button", { name: "Deny" })
    .click();
  await expect(page.locator("[data-toast]").filter({ hasText: `Jo ${denyLast} was denied` })).toBeVisible();
  await expect(list).not.toContainText(approveLast);
  await expect(list).not.toContainText(denyLast);

  // The exact rows, and the server's own answer.
  for (const [last, status, label] of [
    [approveLast, "ACTIVE", "Active"],
    [denyLast, "DECLINED", "Declined"],
  ]) {
    await page.goto(`/members?q=${last}`);
    const rows = page.getByTestId("members-table").locator("tbody tr");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(last);
    await expect(rows.first().locator("td:nth-child(5)")).toHaveText(label);
    const api = await (await page.request.get(`/api/v1/members?q=${last}`)).json();
    expect(api.data.map((r: { status: string }) => r.status)).toEqual([status]);
  }
});
