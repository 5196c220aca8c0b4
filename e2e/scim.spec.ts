import { expect, test } from "@playwright/test";
import { MembersPage } from "./pages/members-page";
import { signIn, unique, uniqueEmail } from "./support/fixtures";

test.beforeEach(async ({ page }) => signIn(page));

test("an admin makes a SCIM token, an identity provider provisions with it, the console shows the result", async ({
  page,
  playwright,
}) => {
  await page.goto("/settings");
  const section = page.getByRole("region", { name: "SCIM provisioning" });
  const baseUrl = (await page.getByTestId("scim-base-url").textContent())?.trim() ?? "";
  expect(baseUrl).toMatch(/^http:\/\/.+\/scim\/v2$/);
  const label = unique("Okta");
  await page.getByLabel("Token name").fill(label);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = await page.getByLabel(/New token/).inputValue();
  expect(token).toMatch(/^rscim_/);
  await expect(section.getByRole("cell", { name: label, exact: true })).toBeVisible();

  // The identity provider, with nothing but the base URL and the token.
  const idp = await playwright.request.newContext({
    extraHTTPHeaders: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
  });
  const email = uniqueEmail("provisioned");
  const lastName = unique("Provisioned");
  const created = await idp.post(`${baseUrl}/Users`, {
    data: {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: email,
      name: { givenName: "Scim", familyName: lastName },
      active: true,
    },
  });
  expect(created.status()).toBe(201);
  const id = (await created.json()).id;
  const off = await idp.patch(`${baseUrl}/Users/${id}`, {
    data: {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "active", value: false }],
    },
  });
  expect(off.status()).toBe(200);

  const members = new MembersPage(page);
  await members.goto(`?q=${encodeURIComponent(lastName)}`);
  await members.settled();
  await expect(members.rows()).toHaveCount(1);
  await expect(members.rows().first()).toContainText(lastName);
  await expect(members.rows().first()).toContainText(/suspended/i);

  // Revoked, the token stops at once.
  await page.goto("/settings");
  await page.getByRole("button", { name: `Revoke ${label}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
  await expect(page.locator("[data-toast]").filter({ hasText: `Token "${label}" revoked` })).toBeVisible();
  expect((await idp.get(`${baseUrl}/Users/${id}`)).status()).toBe(401);
  await idp.dispose();
});
