import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { MemberPage } from "./pages/member-page";
import { addMember, signIn, unique } from "./support/fixtures";

test.beforeEach(async ({ page }) => signIn(page));

test("settings edit, saved and shown again", async ({ page }) => {
  await page.goto("/settings");
  const phone = `+1 555 ${Math.floor(Math.random() * 9000 + 1000)}`;
  await page.getByRole("button", { name: "Add phone" }).click();
  const n = await page.getByLabel(/^Phone \d+ number$/).count();
  await page.getByLabel(`Phone ${n} label`).fill("Support");
  await page.getByLabel(`Phone ${n} number`).fill(phone);
  await page.getByLabel("Invitations expire after (days)").fill("10");
  await page.getByLabel("Token balance").fill("3000");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.locator("[data-toast]").filter({ hasText: "Settings saved" })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(`Phone ${n} number`)).toHaveValue(phone);
  await expect(page.getByLabel("Invitations expire after (days)")).toHaveValue("10");
  await expect(page.getByLabel("Token balance")).toHaveValue("3000");
  const account = await (await page.request.get("/api/v1/account")).json();
  expect(account.token_balance).toBe(3000);
});

test("the audit log shows the console's changes, and filters", async ({ page }) => {
  const m = await addMember(page.request, { lastName: unique("Audited") });
  const member = new MemberPage(page);
  await member.goto(m.id);
  await member.act("Suspend", "Suspend");
  await expect(member.state()).toContainText("Suspended");
  await member.act("Unsuspend");
  await expect(member.state()).toContainText("Active");
  await member.act("Promote to admin");
  await expect(member.state()).toContainText("Admin");
  const name = `Test ${m.lastName}`;
  const history = page.getByRole("region", { name: "History" }).getByTestId("audit-table");
  await expect(history.locator('[data-action="member.promote"]')).toContainText(`promoted ${name}`);

  // In words: who did what to whom, linked, with what changed.
  await page.goto(`/audit?targetId=${m.id}`);
  const table = page.getByTestId("audit-table");
  const events = table.getByTestId("audit-event");
  await expect(events.filter({ hasText: `added ${name}` })).toHaveCount(1);
  await expect(events.filter({ hasText: `suspended ${name}` })).toHaveCount(1);
  await expect(events.filter({ hasText: `lifted the suspension of ${name}` })).toHaveCount(1);
  const promoted = events.filter({ hasText: `promoted ${name}` });
  await expect(promoted).toContainText("Role: Regular → Admin");
  await expect(promoted.getByRole("link", { name })).toHaveAttribute("href", `/members/${m.id}`);
  await expect(table).not.toContainText("member.toggle_suspension");
  // Filtered by what and by who (a name or an email, not an id).
  await page.getByLabel("What").selectOption({ label: "Members" });
  await page.getByLabel("Who").fill("admin@acme.example");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(events).toHaveCount(4);
  // The same view as CSV.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const csv = await readFile((await (await download).path()) as string, "utf8");
  expect(csv.trim().split("\n")).toHaveLength(5);
  expect(csv).toContain(`"member.promote","membership","${m.id}","${name}"`);
  await page.getByLabel("Who").fill("nobody-at-all@nowhere.example");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("No events yet.")).toBeVisible();
  // the other flows' changes are logged too (made here through the same domain, via the API with this session);
  // each is looked up by its own target, never by what other specs wrote.
  const invited = await page.request.post("/api/v1/account/users/invite", {
    data: { email: `${unique("audit")}@example.test` },
  });
  expect(invited.status()).toBe(201);
  const group = await page.request.post("/api/v1/groups", { data: { name: unique("AuditGroup"), members: [m.id] } });
  expect(group.status()).toBe(201);
  await page.request.post("/api/v1/account/users/refresh-api-key", { data: { user_id: m.id } });
  await page.request.delete(`/api/v1/account/accounts/${m.id}`);
  for (const [action, target] of [
    ["member.invite", (await invited.json()).user_id],
    ["group.create", (await group.json()).id],
    ["credential.refresh", m.id],
    ["member.delete", m.id],
  ]) {
    await page.goto(`/audit?targetId=${target}&action=${action}`);
    await expect(table.getByTestId("audit-event"), action).toHaveCount(1);
    await expect(table.locator(`[data-action="${action}"]`), action).toHaveCount(1);
  }
  await page.goto("/audit?action=settings-nothing");
  await expect(page.getByText("No events yet.")).toBeVisible();
});
