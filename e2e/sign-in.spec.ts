import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "../playwright.config";
import { SignInPage } from "./pages/sign-in-page";

const DEMO_EMAIL = "admin@acme.example";

test("an admin signs in with the demo credentials and sees the members table", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(DEMO_EMAIL, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/members$/);
  await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();
  const table = page.getByTestId("members-table");
  await expect(table.getByRole("row")).not.toHaveCount(1);
  await expect(table.getByRole("cell", { name: DEMO_EMAIL, exact: true }).first()).toBeVisible();
  await expect(page.getByTestId("current-account")).toHaveText("Acme Corporation");
  await page.screenshot({ path: "test-results/members.png", fullPage: true });

  // filtering by status keeps only that status
  await page.getByLabel("Status").selectOption("SUSPENDED");
  await expect(page).toHaveURL(/status=SUSPENDED/);
  await expect(page.locator('[aria-busy="false"]')).toHaveCount(1);
  const statuses = await table.locator("tbody tr td:nth-child(5)").allInnerTexts();
  expect(statuses.length).toBeGreaterThan(0);
  expect(new Set(statuses)).toEqual(new Set(["Suspended"]));
});

test("a wrong password is refused without saying which part was wrong", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(DEMO_EMAIL, "not-the-password");
  await expect(signIn.error()).toHaveText("That email and password do not match an account.");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("the console needs a session", async ({ page }) => {
  await page.goto("/members");
  await expect(page).toHaveURL(/\/sign-in/);
});
