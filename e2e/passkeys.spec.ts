import { expect, type Page, test } from "@playwright/test";
import { addMember, signIn } from "./support/fixtures";

// Passkeys in a real browser with Chromium's virtual authenticator (CDP WebAuthn):
// added on Your login, then a passwordless sign-in, and as the second step after
// the password. Passkeys need a domain, so this test opens the console at localhost.

const port = Number(process.env.E2E_PORT ?? 3210);
const origin = `http://localhost:${port}`;

async function withAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

async function signInAt(page: Page, email: string, password: string) {
  await page.goto(`${origin}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("a passkey: added on Your login, then signs in on its own and as the step after the password", async ({
  page,
  browser,
}) => {
  await signIn(page);
  const { email } = await addMember(page.request, { password: "passkey-person-pw" });
  const context = await browser.newContext();
  const person = await context.newPage();
  await withAuthenticator(person);
  await signInAt(person, email, "passkey-person-pw");
  await expect(person.getByRole("heading", { name: "Members" })).toBeVisible();
  await person.goto(`${origin}/login`);
  await person.getByRole("button", { name: "Add a passkey" }).click();
  await expect(person.getByTestId("recovery-codes")).toBeVisible();
  await person.getByRole("button", { name: "I saved them" }).click();
  await expect(person.getByText("Passkey 1", { exact: true })).toBeVisible();
  await person.screenshot({ path: "test-results/screens/light/login-passkey.png", fullPage: true });

  // Signed out, the passkey alone signs the person in (the virtual authenticator verified them: two factors).
  await person.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(person).toHaveURL(/\/sign-in/);
  await person.goto(`${origin}/sign-in`);
  await person.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(person.getByRole("heading", { name: "Members" })).toBeVisible();
  const sessions = await (await person.request.get(`${origin}/api/v1/login/sessions`)).json();
  expect(sessions.sessions.find((s: { current: boolean }) => s.current)).toMatchObject({
    methods: ["webauthn"],
    level: 2,
  });

  // After the password, the passkey is the second step.
  await person.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(person).toHaveURL(/\/sign-in/);
  await signInAt(person, email, "passkey-person-pw");
  await person.getByRole("button", { name: "Use a passkey instead" }).click();
  await expect(person.getByRole("heading", { name: "Members" })).toBeVisible();
});
