import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "../playwright.config";
import { SignInPage } from "./pages/sign-in-page";

test.beforeEach(async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn("admin@acme.example", DEMO_PASSWORD);
  await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();
});

test("the console's session cookie authenticates the public API; cross-site writes are refused", async ({ page }) => {
  const account = await page.request.get("/api/v1/account");
  expect(account.status()).toBe(200);
  const body = await account.json();
  expect(body.users.find((u: { email: string }) => u.email === "admin@acme.example").api_key).toMatch(/^rk_/);

  const crossSite = await page.request.post("/api/v1/account/users", {
    headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    data: { email: "victim@evil.example" },
  });
  expect(crossSite.status()).toBe(403);
  expect((await crossSite.json()).code).toBe("forbidden");
});

test("the API reference page renders the OpenAPI document", async ({ page }) => {
  await page.getByRole("link", { name: "API reference" }).click();
  await expect(page.getByRole("heading", { name: "API reference" })).toBeVisible();
  await expect(page.getByText("/api/v1/account/accounts/{id}").first()).toBeVisible();
  await page.getByText("/api/v1/account/users/refresh-api-key").click();
  await expect(page.getByText("The new key, shown once")).toBeVisible();
  await page.screenshot({ path: "test-results/api-reference.png", fullPage: false });
});
