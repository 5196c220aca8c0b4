import { expect, test } from "@playwright/test";
import { MemberPage } from "./pages/member-page";
import { MembersPage } from "./pages/members-page";
import { addMember, memberStatus, signedInPage, signIn, unique } from "./support/fixtures";

test("a REGULAR member sees no admin controls, and a direct server-action call from their session is refused", async ({
  page,
  browser,
  baseURL,
}) => {
  await signIn(page);
  const target = await addMember(page.request);
  const regular = await addMember(page.request, { password: "regular-password-1" });

  // Capture the real "suspend" server action as the admin makes it...
  const member = new MemberPage(page);
  await member.goto(target.id);
  const captured = page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"]));
  await member.act("Suspend", "Suspend");
  const action = await captured;
  await expect(member.state()).toContainText("Suspended");
  await member.act("Unsuspend");
  await expect(member.state()).toContainText("Active");

  const regularPage = await signedInPage(browser, regular.email, "regular-password-1");
  const nav = regularPage.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Invitations" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await expect(regularPage.getByRole("checkbox", { name: "Select all on this page" })).toHaveCount(0);
  const view = new MemberPage(regularPage);
  await view.goto(target.id);
  for (const name of [
    "Suspend",
    "Disable",
    "Promote to admin",
    "Delete from account",
    "Reveal API key",
    "Refresh API key",
    "Save changes",
  ]) {
    await expect(view.button(name)).toHaveCount(0);
  }
  await expect(regularPage.getByText("Only admins see other members' API keys.")).toBeVisible();

  // ...and replay it with the REGULAR member's session: the domain refuses.
  const replay = await regularPage.request.post(action.url(), {
    headers: {
      "next-action": action.headers()["next-action"],
      "content-type": action.headers()["content-type"] ?? "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: baseURL as string,
    },
    data: action.postData() ?? "",
  });
  const body = await replay.text();
  expect(body).toContain('"ok":false');
  expect(body).toContain("forbidden");
  expect(await memberStatus(page.request, target.id)).toBe("ACTIVE");
});

test("bulk suspend of 50 selected rows", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page);
  const tag = unique("Bulk");
  const ids: number[] = [];
  for (let i = 0; i < 50; i++)
    ids.push((await addMember(page.request, { lastName: `${tag}-${String(i).padStart(2, "0")}` })).id);
  const members = new MembersPage(page);
  await members.goto(`?q=${tag}&limit=50`);
  await members.settled();
  await expect(members.rows()).toHaveCount(50);
  await members.selectAllOnPage();
  await expect(page.getByTestId("selected-count")).toHaveText("50 selected");
  await members.bulkConfirmed("Suspend", "Suspend 50 members?");
  await expect(page.locator("[data-toast]").filter({ hasText: "50 members suspended" })).toBeVisible({
    timeout: 60_000,
  });
  await members.settled();
  const statuses = await members.table().locator("tbody tr td:nth-child(5)").allInnerTexts();
  expect(new Set(statuses)).toEqual(new Set(["Suspended"]));
  // The server's answer for exactly these 50 (the first page of /account would miss most of them).
  const listed = await (await page.request.get(`/api/v1/members?q=${tag}&limit=100`)).json();
  expect(listed.data.map((u: { id: number }) => u.id).sort()).toEqual([...ids].sort());
  expect(new Set(listed.data.map((u: { status: string }) => u.status))).toEqual(new Set(["SUSPENDED"]));

  // the view is in the URL: a reload shows the same page; CSV export follows the filter
  await page.reload();
  await members.settled();
  await expect(members.rows()).toHaveCount(50);
  const csv = await (await page.request.get(`/api/v1/members/export?q=${tag}`)).text();
  expect(csv.trim().split("\n")).toHaveLength(51);
});
