import { expect, test } from "@playwright/test";
import { MemberPage } from "./pages/member-page";
import { addMember, memberRole, memberStatus, signedInPage, signIn } from "./support/fixtures";

test.beforeEach(async ({ page }) => signIn(page));

test("suspend and unsuspend", async ({ page }) => {
  const m = await addMember(page.request);
  const member = new MemberPage(page);
  await member.goto(m.id);
  await member.act("Suspend", "Suspend");
  await expect(member.toast("is suspended")).toBeVisible();
  await expect(member.state()).toContainText("Suspended");
  expect(await memberStatus(page.request, m.id)).toBe("SUSPENDED");
  await member.act("Unsuspend");
  // The page shows the new state at once (optimistic); the toast is the server's confirmation.
  await expect(member.toast("is no longer suspended")).toBeVisible();
  await expect.poll(() => memberStatus(page.request, m.id)).toBe("ACTIVE");
  await page.reload();
  await expect(member.state()).toContainText("Active");
});

test("promote and demote; demoting yourself is refused and the reason is shown", async ({ page, browser }) => {
  const m = await addMember(page.request);
  const member = new MemberPage(page);
  await member.goto(m.id);
  await member.act("Promote to admin");
  // The server's state, not the page's optimistic one: then a reload shows it.
  await expect.poll(() => memberRole(page.request, m.id)).toBe("ADMIN");
  await page.reload();
  await expect(member.state()).toContainText("Admin");
  await member.act("Demote to regular");
  await expect.poll(() => memberRole(page.request, m.id)).toBe("REGULAR");
  await page.reload();
  await expect(member.state()).toContainText("Regular");
  // Demoting offers every role below admin, not only Regular.
  await member.act("Promote to admin");
  await expect.poll(() => memberRole(page.request, m.id)).toBe("ADMIN");
  await page.reload();
  await member.act("Demote to developer");
  await expect.poll(() => memberRole(page.request, m.id)).toBe("DEVELOPER");

  const admin = await addMember(page.request, { role: "ADMIN", password: "admin-password-1" });
  const adminPage = await signedInPage(browser, admin.email, "admin-password-1");
  const self = new MemberPage(adminPage);
  await self.goto(admin.id);
  await self.act("Demote to regular");
  await expect(self.toast("You cannot demote yourself")).toBeVisible();
  expect(await memberRole(page.request, admin.id)).toBe("ADMIN");
  await adminPage.reload();
  await expect(self.state()).toContainText("Admin");
});

test("reveal and refresh an API key, then use it", async ({ page, baseURL }) => {
  const m = await addMember(page.request);
  const member = new MemberPage(page);
  await member.goto(m.id);
  await member.act("Reveal API key");
  const revealed = (await page.getByTestId("api-key").textContent()) as string;
  expect(revealed).toMatch(/^rk_/);
  const use = (key: string) => fetch(`${baseURL}/api/v1/user`, { headers: { authorization: `Bearer ${key}` } });
  expect((await use(revealed)).status).toBe(200);

  await member.act("Refresh API key", "Refresh");
  await expect(page.getByText("This is the new key; the old one no longer works.")).toBeVisible();
  const fresh = (await page.getByTestId("api-key").textContent()) as string;
  expect(fresh).not.toBe(revealed);
  expect((await use(fresh)).status).toBe(200);
  expect((await use(revealed)).status).toBe(401);
  const me = await (await use(fresh)).json();
  expect(me.email).toBe(m.email);
});

test("edit the profile with inline field errors", async ({ page }) => {
  const m = await addMember(page.request);
  const member = new MemberPage(page);
  await member.goto(m.id);
  await page.getByLabel("Title").fill("Site Reliability");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(member.toast("Saved: profile")).toBeVisible();
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator("#profile-email-error")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Title")).toHaveValue("Site Reliability");
});

test("one Save keeps every part of a member together: all saved, or none when one part is refused", async ({
  page,
}) => {
  const m = await addMember(page.request);
  const member = new MemberPage(page);
  await member.goto(m.id);
  const cards = page.getByRole("region", { name: "Smartcards" });
  await page.getByLabel("Department").fill("Platform");
  await cards.getByRole("button", { name: "Add smartcard" }).click();
  await cards.getByLabel("Card number 1").fill("12ab");
  await page.getByLabel("Computer usernames (one per line)").fill("pdoe");
  await expect(page.getByRole("status").filter({ hasText: "Unsaved changes" })).toContainText(
    "profile, smartcards, computer usernames",
  );
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator("[data-toast]")).toContainText("Number (row 1) must be 1 to 32 digits.");
  // The refused smartcard kept the department and usernames from being saved.
  const record = await (await page.request.get(`/api/v1/account/accounts/${m.id}`)).json();
  expect(record.email).toBe(m.email);
  expect(record.department ?? null).toBeNull();

  await cards.getByLabel("Card number 1").fill("4242");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(member.toast("Saved: profile, smartcards, computer usernames")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Department")).toHaveValue("Platform");
  await expect(cards.getByLabel("Card number 1")).toHaveValue("4242");
  await expect(page.getByLabel("Computer usernames (one per line)")).toHaveValue("pdoe");
});
