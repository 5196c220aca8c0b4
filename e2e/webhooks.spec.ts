import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { addMember, signIn } from "./support/fixtures";

// Settings → Webhooks in a real browser: an admin adds an endpoint (a receiver
// in the test process), copies the secret shown once, sends a test event, and
// follows a change's delivery in the endpoint's log.
const got: { headers: Record<string, string>; body: string }[] = [];
const receiver = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  got.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString() });
  res.end("received");
});
test.beforeAll(() => new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r)));
test.afterAll(() => new Promise((r) => receiver.close(r)));

test("an admin adds a webhook, tests it, and sees a member's creation delivered, signed", async ({ page }) => {
  await signIn(page);
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Add a webhook endpoint" });
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/roster`;
  await form.getByLabel("Endpoint URL").fill(url);
  await form.getByLabel("Description").fill("CRM sync");
  await form.getByRole("button", { name: "Add endpoint" }).click();
  const secret = await page.getByLabel("Signing secret — copy it now, it is not shown again").inputValue();
  expect(secret).toMatch(/^whsec_/);
  const row = page.getByTestId("webhooks").locator("li", { hasText: url });
  await row.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByText("Test event delivered (HTTP 200)")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/light/settings-webhooks.png", fullPage: true });

  const m = await addMember(page.request, { lastName: "Hooked" });
  await expect.poll(() => got.filter((r) => r.body.includes('"member.created"')).length, { timeout: 15_000 }).toBe(1);
  const created = got.find((r) => r.body.includes('"member.created"'));
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
