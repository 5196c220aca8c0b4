import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "../playwright.config";
import { SignInPage } from "./pages/sign-in-page";
import { runAdmin } from "./support/cli";

// The operator CLI while the server runs: on the embedded default it goes
// through the server that holds the PGlite folder.
test("an account made with the CLI while the server runs can sign in at once", async ({ page }) => {
  const email = `cli-${randomBytes(4).toString("hex")}@example.test`;
  const r = runAdmin("create-account", "--name", "Globex", "--email", email, "--password", "globex-password", "--json");
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const created = JSON.parse(r.stdout);
  expect(created).toEqual({
    accountId: expect.any(Number),
    userId: expect.any(Number),
    apiKey: expect.stringMatching(/^rk_/),
  });

  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(email, "globex-password");
  await expect(page.getByTestId("current-account")).toHaveText("Globex");
  await expect(page.getByTestId("members-table").getByRole("cell", { name: email, exact: true }).first()).toBeVisible();
});

test("a person in two accounts switches between them", async ({ page }) => {
  const r = runAdmin("create-account", "--name", "Initech", "--email", "admin@acme.example", "--json");
  expect(r.status, r.stderr).toBe(0);

  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn("admin@acme.example", DEMO_PASSWORD);
  const switcher = page.getByLabel("Switch account");
  await expect(switcher).toBeVisible();
  await switcher.selectOption({ label: "Initech" });
  await page.getByRole("button", { name: "Switch" }).click();
  await expect(page.getByTestId("current-account")).toHaveText("Initech");
  // Initech has one member: the demo admin
  await expect(page.getByTestId("members-table").locator("tbody tr")).toHaveCount(1);
  await switcher.selectOption({ label: "Acme Corporation" });
  await page.getByRole("button", { name: "Switch" }).click();
  await expect(page.getByTestId("current-account")).toHaveText("Acme Corporation");
  // The whole of Acme as the server counts it (not a page size), and an Acme-only member in the table.
  const acme = await (await page.request.get("/api/v1/members?limit=1")).json();
  expect(acme.pagination.total).toBeGreaterThan(1);
  const total = acme.pagination.total as number;
  await expect(page.getByTestId("page-range")).toHaveText(`1–${Math.min(25, total)} of ${total.toLocaleString("en")}`);
  await expect(page.getByTestId("members-table")).toContainText("samuel.adeyemi@acme.example");
});
