import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Page, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { addMember, signIn } from "./support/fixtures";

// Settings → Webhooks in a real browser: an admin adds an endpoint (a receiver
// in the test process), copies the secret shown once, sends a test event, and
// follows a change's delivery in the endpoint's log.
const got: { path: string; headers: Record<string, string>; body: string }[] = [];
/** While true, posts to /failing are answered 503. */
let failing = true;
const receiver = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const path = req.url ?? "";
  got.push({ path, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString() });
  if (path === "/failing" && failing) res.statusCode = 503;
  res.end(path === "/failing" && failing ? "busy" : "received");
});
test.beforeAll(() => new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r)));
test.afterAll(() => new Promise((r) => receiver.close(r)));

/** Signs in, adds an endpoint at the receiver's `path` in Settings, and answers its URL and the secret shown once. */
async function addEndpointAt(page: Page, path: string, description = "") {
  await signIn(page);
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Add a webhook endpoint" });
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}${path}`;
  await form.getByLabel("Endpoint URL").fill(url);
  if (description) await form.getByLabel("Description").fill(description);
  await form.getByRole("button", { name: "Add endpoint" }).click();
  const secret = await page.getByLabel("Signing secret — copy it now, it is not shown again").inputValue();
  return { url, secret };
}

test("an admin adds a webhook, tests it, and sees a member's creation delivered, signed", async ({ page }) => {
  const { url, secret } = await addEndpointAt(page, "/roster", "CRM sync");
  expect(secret).toMatch(/^whsec_/);
  const row = page.getByTestId("webhooks").locator("li", { hasText: url });
  await row.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByText("Test event delivered (HTTP 200)")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/light/settings-webhooks.png", fullPage: true });

  const m = await addMember(page.request, { lastName: "Hooked" });
  await expect
    .poll(() => got.filter((r) => r.path === "/roster" && r.body.includes('"member.created"')).length, {
      timeout: 15_000,
    })
    .toBe(1);
  const created = got.find((r) => r.path === "/roster" && r.body.includes('"member.created"'));
  const event = new Webhook(secret).verify(created?.body ?? "", created?.headers ?? {}) as {
    data: { target: { id: string } };
  };
  expect(event.data.target.id).toBe(String(m.id));

  // The member's page names the change's event in the account's stream.
  await page.goto(`/members/${m.id}`);
  await expect(page.getByText(/#\d+ member\.created/)).toBeVisible();
  await page.goto("/settings");
  await row.getByRole("link", { name: "Deliveries" }).click();
  const log = page.getByTestId("webhook-deliveries");
  await expect(log.getByText("member.created")).toBeVisible();
  await expect(log.getByText("succeeded").first()).toBeVisible();
  await page.screenshot({ path: "test-results/screens/light/webhook-deliveries.png", fullPage: true });
});

test("a failing receiver's held event waits for its retry; Retry now sends it at once", async ({ page }) => {
  const { url } = await addEndpointAt(page, "/failing");
  const posts = () => got.filter((r) => r.path === "/failing").length;
  await addMember(page.request, { lastName: "Held" });
  await expect.poll(posts, { timeout: 15_000 }).toBe(1);

  await page.goto("/settings");
  await page.getByTestId("webhooks").locator("li", { hasText: url }).getByRole("link", { name: "Deliveries" }).click();
  const state = page.getByTestId("webhook-state");
  await expect(state).toContainText("has failed 1 time");
  await expect(page.getByTestId("webhook-deliveries").getByText("retrying")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/light/webhook-retrying.png", fullPage: true });

  // The next scheduled try is an hour away (playwright.config.ts); the receiver is back now.
  failing = false;
  await state.getByRole("button", { name: "Retry now" }).click();
  await expect(page.getByText("Retrying now")).toBeVisible();
  await expect.poll(posts, { timeout: 15_000 }).toBe(2);
  await expect
    .poll(
      async () => {
        await page.reload();
        return state.textContent();
      },
      { timeout: 15_000 },
    )
    .toContain("nothing waiting");
  await expect(state.getByRole("button", { name: "Retry now" })).toHaveCount(0);
  await expect(page.getByTestId("webhook-deliveries").getByText("succeeded").first()).toBeVisible();
});
