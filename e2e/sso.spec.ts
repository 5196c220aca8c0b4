import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "@playwright/test";
import { startIdp, type TestIdp } from "../tests/setup/oidc-idp";
import { createSamlIdp } from "../tests/setup/saml-idp";
import { publishTxt } from "./support/dns";
import { signIn } from "./support/fixtures";

// Single sign-on in a real browser, against a real OpenID Connect IdP
// (oidc-provider) on loopback: an admin verifies a domain, configures the
// connection, tests it (claims and mapped profile, no session), makes it
// active; a new person types their email, is routed to the IdP, signs in
// there, and lands in the console as a member the admin then sees.
let idp: TestIdp;
test.beforeAll(async () => {
  idp = await startIdp({ redirectUri: /^http:\/\/127\.0\.0\.1:\d+\/sso\/\d+\/callback$/ });
});
test.afterAll(async () => idp?.close());

/** Adds a domain on the settings page, verifies it through the loopback DNS server, and lets people at it join. */
async function autoJoinDomain(page: Page, prefix: string): Promise<string> {
  const domain = `${prefix}${Date.now().toString(36)}.example`;
  await page.getByRole("form", { name: "Add a domain" }).getByLabel("Domain").fill(domain);
  await page.getByRole("button", { name: "Add domain" }).click();
  const domains = page.getByTestId("domains");
  await expect(domains.getByText(domain, { exact: true })).toBeVisible();
  publishTxt(`_roster-challenge.${domain}`, [
    (await domains.getByTestId("domain-record").last().textContent())?.trim() ?? "",
  ]);
  await domains.getByRole("button", { name: "Verify" }).last().click();
  await domains.getByLabel(`Who may join through ${domain}`).selectOption("auto_join");
  await expect(page.getByText("Saved").first()).toBeVisible();
  return domain;
}

test("an admin connects an OIDC IdP and tests it; a new person signs in by email routing and joins", async ({
  page,
  browser,
}) => {
  await signIn(page);
  await page.goto("/settings");
  const domain = await autoJoinDomain(page, "sso");

  const form = page.getByRole("form", { name: "Add an OpenID Connect connection" });
  await form.getByLabel("Name").fill("Test IdP");
  await form.getByLabel("Issuer URL").fill(idp.issuer);
  await form.getByLabel("Client ID").fill(idp.clientId);
  await form.getByLabel("Client secret").fill(idp.clientSecret);
  await form.getByRole("button", { name: "Add connection" }).click();
  const connections = page.getByTestId("sso-connections");
  await expect(connections.getByText("Test IdP", { exact: true })).toBeVisible();
  await expect(connections.getByTestId("sso-redirect-uri")).toContainText("/callback");
  await page.screenshot({ path: "test-results/screens/light/settings-sso.png", fullPage: true });

  // The test sign-in: to the IdP and back, with what it sent and the profile it maps to.
  const tester = randomBytes(4).toString("hex");
  idp.people.set(tester, { email: `tester@${domain}`, email_verified: true, given_name: "Tess", family_name: "Ter" });
  await connections.getByRole("link", { name: "Test" }).click();
  await page.locator('input[name="login"]').fill(tester);
  await page.locator('input[name="password"]').fill("any");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await expect(page.getByTestId("sso-test-result")).toContainText(`tester@${domain} signed in`);
  await expect(page.getByTestId("sso-test-profile")).toContainText('"firstName": "Tess"');
  await page.screenshot({ path: "test-results/screens/light/sso-test.png", fullPage: true });
  await page.goto("/settings");
  const row = page.getByTestId("sso-connections");
  await row.getByLabel("Count the provider's multi-factor sign-in as a second factor here").check();
  await expect(page.getByText("Connection saved").first()).toBeVisible();
  await expect(row.getByLabel("Count the provider's multi-factor sign-in as a second factor here")).toBeChecked();
  await row.getByLabel("State of Test IdP").selectOption("active");
  await expect(row.locator("span", { hasText: /^active$/ })).toBeVisible();

  // A new person, in a browser of their own: email first, routed to the IdP.
  const sub = randomBytes(4).toString("hex");
  const email = `noor@${domain}`;
  idp.people.set(sub, { email, email_verified: true, given_name: "Noor", family_name: "Haddad" });
  const context = await browser.newContext();
  const person = await context.newPage();
  await person.goto("/sign-in");
  await person.getByLabel("Email").fill(email);
  await person.getByLabel("Email").blur();
  await expect(person.getByTestId("sso-routed")).toBeVisible();
  await person.screenshot({ path: "test-results/screens/light/sign-in-sso.png", fullPage: true });
  await person.getByRole("button", { name: "Continue with single sign-on" }).click();
  // The IdP's form arrives with the typed email filled in (login_hint).
  await expect(person.locator('input[name="login"]')).toHaveValue(email);
  await person.locator('input[name="login"]').fill(sub);
  await person.locator('input[name="password"]').fill("any");
  await person.getByRole("button", { name: "Sign-in" }).click();
  await expect(person.getByRole("heading", { name: "Members" })).toBeVisible();
  await context.close();

  // The admin sees the member who joined on first sign-in.
  await page.goto(`/members?q=${encodeURIComponent("Noor Haddad")}`);
  await expect(page.getByRole("link", { name: /Haddad/ }).first()).toBeVisible();
});

// The same through SAML 2.0: samlify as the IdP on loopback, read by the console
// from its metadata document; the IdP reads Roster's SP metadata at its entity id.
test("an admin connects a SAML IdP from its metadata; a new person signs in through it and joins", async ({
  page,
  browser,
}) => {
  const samlIdp = await createSamlIdp();
  const served = await samlIdp.serve();
  try {
    await signIn(page);
    await page.goto("/settings");
    const domain = await autoJoinDomain(page, "saml");
    // One way in per domain: the OIDC connection of the other test steps aside.
    const connections = page.getByTestId("sso-connections");
    if (await connections.getByLabel("State of Test IdP").count()) {
      await connections.getByLabel("State of Test IdP").selectOption("inactive");
      await expect(page.getByText("Connection saved").first()).toBeVisible();
    }

    await page.getByLabel("SAML 2.0").check();
    const form = page.getByRole("form", { name: "Add a SAML connection" });
    await form.getByLabel("Name").fill("SAML IdP");
    await form.getByLabel("Identity provider metadata (XML)").fill(samlIdp.metadataXml);
    await form.getByRole("button", { name: "Add connection" }).click();
    const row = page.getByTestId("sso-connections").locator("li", { hasText: "SAML IdP" });
    await expect(row.getByTestId("sso-acs-url")).toContainText("/acs");
    await expect(row.getByTestId("sso-entity-id")).toContainText("/metadata");
    await expect(row.getByRole("link", { name: "the metadata file" })).toBeVisible();
    await page.screenshot({ path: "test-results/screens/light/settings-sso-saml.png", fullPage: true });
    // Custom attributes come from the mapping: the IdP's cost_center fills costCenter.
    await row.getByText("Attribute mapping").click();
    await row.getByRole("button", { name: "Add a custom attribute" }).click();
    await row.getByLabel("Custom attribute 1", { exact: true }).fill("costCenter");
    await row.getByLabel("Claim for custom attribute 1").fill("cost_center");
    await row.getByRole("button", { name: "Save mapping" }).click();
    await expect(page.getByText("Mapping saved").first()).toBeVisible();
    await page.screenshot({ path: "test-results/screens/light/settings-sso-mapping.png", fullPage: true });
    await row.getByLabel("State of SAML IdP").selectOption("active");
    await expect(row.locator("span", { hasText: /^active$/ })).toBeVisible();

    const email = `lin@${domain}`;
    samlIdp.people.set(email, { attributes: { email, firstName: "Lin", lastName: "Okafor", cost_center: "CC-42" } });
    const context = await browser.newContext();
    const person = await context.newPage();
    await person.goto("/sign-in");
    await person.getByLabel("Email").fill(email);
    await person.getByLabel("Email").blur();
    await person.getByRole("button", { name: "Continue with single sign-on" }).click();
    await expect(person).toHaveURL(new RegExp(`^${served.ssoUrl}`));
    await person.getByLabel("Login").fill(email);
    await person.getByRole("button", { name: "Sign in at the IdP" }).click();
    // The IdP's form posts to the ACS; the browser lands signed in.
    await expect(person.getByRole("heading", { name: "Members" })).toBeVisible();
    await context.close();

    await page.goto(`/members?q=${encodeURIComponent("Lin Okafor")}`);
    await expect(page.getByRole("link", { name: /Okafor/ }).first()).toBeVisible();
    const listed = await (await page.request.get(`/api/v1/members?q=${encodeURIComponent(email)}`)).json();
    const record = await (await page.request.get(`/api/v1/account/accounts/${listed.data[0].id}`)).json();
    expect(record).toMatchObject({ email, costCenter: "CC-42" });
  } finally {
    await served.close();
  }
});
