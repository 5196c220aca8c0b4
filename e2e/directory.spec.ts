// The people directory as an admin uses it: names found as they are typed,
// counts as people read them, destructive bulk actions confirmed and undoable,
// one toast at a time, refusals in words, a styled way back from a dead link.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { MembersPage } from "./pages/members-page";
import { addMember, memberState, signIn, unique } from "./support/fixtures";

test("search finds a full name typed without accents, in either order", async ({ page }) => {
  await signIn(page);
  const tag = unique("Dir");
  const ana = await addMember(page.request, { firstName: "Ana", lastName: `Ødegård-${tag}` });
  await addMember(page.request, { firstName: "Bo", lastName: `Ødegård-${tag}` });
  const members = new MembersPage(page);
  await members.goto();
  await page.getByLabel("Search").fill(`odegard-${tag.toLowerCase()} ana`);
  await expect(members.rows()).toHaveCount(1);
  await expect(members.rows().first()).toContainText(`Ana Ødegård-${tag}`);
  await expect(members.rangeText()).toHaveText("1–1 of 1");
  await expect(members.rows().first().getByRole("link")).toHaveAttribute("href", `/members/${ana.id}`);
});

test("the member list counts with separators, pages by size and jumps to a page", async ({ page }) => {
  await signIn(page);
  const members = new MembersPage(page);
  await members.goto();
  await members.settled();
  const total = (await (await page.request.get("/api/v1/members?limit=1")).json()).pagination.total as number;
  await expect(members.rangeText()).toHaveText(`1–${Math.min(25, total)} of ${total.toLocaleString("en")}`);
  await page.getByLabel("Rows per page").selectOption("50");
  await expect(page).toHaveURL(/limit=50/);
  await members.settled();
  await expect(members.rangeText()).toHaveText(`1–${Math.min(50, total)} of ${total.toLocaleString("en")}`);
  if (total > 50) {
    await page.getByLabel("Page", { exact: true }).fill("2");
    await page.getByRole("button", { name: "Go" }).click();
    await expect(page).toHaveURL(/page=2/);
    await members.settled();
    await expect(members.rangeText()).toHaveText(`51–${Math.min(100, total)} of ${total.toLocaleString("en")}`);
  }
});

test("bulk suspend and role change are confirmed, and undone within the toast", async ({ page }) => {
  await signIn(page);
  const tag = unique("Undo");
  const ids: number[] = [];
  for (let i = 0; i < 3; i++) ids.push((await addMember(page.request, { lastName: `${tag}-${i}` })).id);
  const members = new MembersPage(page);
  await members.goto(`?q=${tag}`);
  await members.settled();
  await expect(members.rows()).toHaveCount(3);

  // Cancel changes nothing.
  await members.selectAllOnPage();
  await members.bulk("Suspend").click();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  for (const id of ids) expect((await memberState(page.request, id))?.status).toBe("ACTIVE");

  await members.bulkConfirmed("Suspend", "Suspend 3 members?");
  await expect(members.toast("3 members suspended")).toBeVisible();
  for (const id of ids) expect((await memberState(page.request, id))?.status).toBe("SUSPENDED");
  await members.toast("3 members suspended").getByRole("button", { name: "Undo" }).click();
  await expect(members.toast("Undone for 3 members")).toBeVisible();
  for (const id of ids) expect((await memberState(page.request, id))?.status).toBe("ACTIVE");
  // One toast region: the undo's toast replaced the action's.
  await expect(page.locator("[data-toast]")).toHaveCount(1);

  await members.settled();
  await members.selectAllOnPage();
  await page.getByLabel("Change role to").selectOption("DEVELOPER");
  await members.bulkConfirmed("Apply role", "Make 3 members Developer?", "Change role");
  await expect(members.toast("3 members changed role")).toBeVisible();
  for (const id of ids) expect((await memberState(page.request, id))?.role).toBe("DEVELOPER");
  await members.toast("3 members changed role").getByRole("button", { name: "Undo" }).click();
  await expect(members.toast("Undone for 3 members")).toBeVisible();
  for (const id of ids) expect((await memberState(page.request, id))?.role).toBe("REGULAR");
});

test("waiting work shows as counts in the navigation", async ({ page }) => {
  await signIn(page);
  const badgeCount = async () => {
    await page.goto("/members");
    const badge = page.getByTestId("nav-count-invitations");
    return (await badge.count()) ? Number(((await badge.textContent()) ?? "").replace(/\D/g, "")) : 0;
  };
  const before = await badgeCount();
  const invite = await page.request.post("/api/v1/account/users/invite", {
    data: { first_name: "Nav", last_name: "Count", email: `${unique("nav")}@example.test` },
  });
  expect(invite.status(), await invite.text()).toBe(201);
  expect(await badgeCount()).toBe(before + 1);
  await expect(page.getByRole("link", { name: /Invitations/ })).toContainText("waiting");
});

test("a refusal reads as a sentence, not a schema path", async ({ page }) => {
  await signIn(page);
  const m = await addMember(page.request);
  await page.goto(`/members/${m.id}`);
  const cards = page.getByRole("region", { name: "Smartcards" });
  await cards.getByRole("button", { name: "Add smartcard" }).click();
  await cards.getByLabel("Card number 1").fill("12ab");
  await page.getByRole("button", { name: "Save changes" }).click();
  const toast = page.locator("[data-toast]");
  await expect(toast).toContainText("Number (row 1) must be 1 to 32 digits.");
  await expect(toast).not.toContainText("0.number");
});

test("a dead link shows a styled page with a way back", async ({ page }) => {
  await signIn(page);
  const r = await page.goto("/members/999999999");
  expect(r?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This page doesn’t exist" })).toBeVisible();
  await page.getByRole("link", { name: "Back to members" }).click();
  await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();
});

test("CSV export downloads the filtered list and says how many", async ({ page }) => {
  await signIn(page);
  const tag = unique("Csv");
  for (let i = 0; i < 3; i++) await addMember(page.request, { lastName: `${tag}-${i}` });
  const members = new MembersPage(page);
  await members.goto(`?q=${tag}`);
  await members.settled();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const text = await readFile((await (await download).path()) as string, "utf8");
  const lines = text.trim().split("\n");
  expect(lines).toHaveLength(4);
  for (let i = 0; i < 3; i++) expect(text).toContain(`${tag}-${i}`);
  await expect(members.toast("Exported 3 members")).toBeVisible();
});

test("unsaved profile edits are not lost silently", async ({ page }) => {
  await signIn(page);
  const m = await addMember(page.request);
  await page.goto(`/members/${m.id}`);
  await page.getByLabel("Title").fill("Head of Things");
  await expect(page.getByText("Unsaved changes: profile")).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  page.once("dialog", (d) => d.dismiss());
  await nav.getByRole("link", { name: "Groups" }).click();
  await expect(page).toHaveURL(new RegExp(`/members/${m.id}$`));
  await expect(page.getByLabel("Title")).toHaveValue("Head of Things");
  page.once("dialog", (d) => d.accept());
  await nav.getByRole("link", { name: "Groups" }).click();
  await expect(page.getByRole("heading", { name: "Groups" })).toBeVisible();
});

test("a page load prefetches nothing until a person points at a link", async ({ page }) => {
  await signIn(page);
  const prefetched: string[] = [];
  page.on("request", (r) => {
    const h = r.headers();
    if (h["next-router-prefetch"] || h["next-router-segment-prefetch"]) prefetched.push(new URL(r.url()).pathname);
  });
  await page.goto("/members");
  await page.waitForLoadState("networkidle");
  expect(prefetched).toEqual([]);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Groups" }).hover();
  await expect.poll(() => prefetched.filter((p) => p.startsWith("/groups")).length).toBeGreaterThan(0);
});

test("select all that match reaches members beyond the page and past one request's 500, and the undo puts them all back", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signIn(page);
  const tag = unique("All");
  const n = 510;
  for (let i = 0; i < n; i += 15)
    await Promise.all(
      Array.from({ length: Math.min(15, n - i) }, (_, j) =>
        addMember(page.request, { lastName: `${tag}-${String(i + j).padStart(3, "0")}` }),
      ),
    );
  const count = async (status: string) =>
    (await (await page.request.get(`/api/v1/members?q=${tag}&status=${status}&limit=1`)).json()).pagination.total;
  const members = new MembersPage(page);
  await members.goto(`?q=${tag}`);
  await members.settled();
  await expect(members.rows()).toHaveCount(25);
  await members.selectAllOnPage();
  await page.getByRole("button", { name: `Select all ${n} matching` }).click();
  await expect(page.getByTestId("selected-count")).toHaveText(`${n} selected`);
  await members.bulkConfirmed("Suspend", `Suspend ${n} members?`);
  await expect(members.toast(`${n} members suspended`)).toBeVisible({ timeout: 120_000 });
  expect(await count("SUSPENDED")).toBe(n);
  await members.toast(`${n} members suspended`).getByRole("button", { name: "Undo" }).click();
  await expect(members.toast(`Undone for ${n} members`)).toBeVisible({ timeout: 120_000 });
  expect(await count("ACTIVE")).toBe(n);
});

test("a row's menu changes the role in place, with an undo", async ({ page }) => {
  await signIn(page);
  const tag = unique("Menu");
  const m = await addMember(page.request, { firstName: "Row", lastName: tag });
  const members = new MembersPage(page);
  await members.goto(`?q=${tag}`);
  await members.settled();
  await page.getByRole("button", { name: `Actions for Row ${tag}` }).click();
  const menu = page.getByRole("dialog", { name: `Actions for Row ${tag}` });
  await menu.getByLabel("Role").selectOption("DEVELOPER");
  await menu.getByRole("button", { name: "Change role" }).click();
  await expect(members.toast(`Row ${tag} is now Developer`)).toBeVisible();
  await expect.poll(async () => (await memberState(page.request, m.id))?.role).toBe("DEVELOPER");
  await expect(members.rows().first()).toContainText("Developer");
  await members.toast(`Row ${tag} is now Developer`).getByRole("button", { name: "Undo" }).click();
  await expect.poll(async () => (await memberState(page.request, m.id))?.role).toBe("REGULAR");
});
