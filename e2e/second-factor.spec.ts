import { randomBytes } from "node:crypto";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { generateSync } from "otplib";
import { SignInPage } from "./pages/sign-in-page";
import { runAdmin } from "./support/cli";
import { addMember, signIn } from "./support/fixtures";

// Second factors in a real browser (issue 28): enrolling an authenticator app
// (its code computed here, as the app would), signing in with it and with a
// recovery code, an account's policy leading a member to enroll, and ending
// another browser's session.

const code = (secret: string, step = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + step * 30 });

async function newPage(browser: Browser) {
  return (await browser.newContext()).newPage();
}

/** On "Your login": adds an authenticator app; answers its secret and the recovery codes shown once. */
async function enrollTotp(page: Page) {
  await page.getByRole("button", { name: "Add an authenticator app" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await page.getByLabel("Code from the app").fill(code(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  const panel = page.getByTestId("recovery-codes");
  await expect(panel).toBeVisible();
  const codes = (await panel.locator("li").allTextContents()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  return { secret, codes };
}

test("an authenticator app: enrolled with its QR code, then asked for at every sign-in; a recovery code works once", async ({
  page,
  browser,
}) => {
  await signIn(page);
  const { email } = await addMember(page.request, { password: "two-step-pw-1" });
  const person = await newPage(browser);
  await signIn(person, email, "two-step-pw-1");
  await person.goto("/login");
  const { secret, codes } = await enrollTotp(person);
  await person.screenshot({ path: "test-results/screens/light/login-recovery-codes.png", fullPage: true });
  await person.getByRole("button", { name: "I saved them" }).click();
  await expect(person.getByText("Authenticator app", { exact: true })).toBeVisible();
  await expect(person.getByTestId("recovery-left")).toContainText("10 of 10 left");

  // Sign in elsewhere: the password alone is not enough.
  const again = await newPage(browser);
  const form = new SignInPage(again);
  await form.goto();
  await form.signIn(email, "two-step-pw-1");
  await expect(again.getByTestId("second-factor-form")).toBeVisible();
  await again.screenshot({ path: "test-results/screens/light/sign-in-code.png", fullPage: true });
  await again.getByLabel("Authentication code").fill("000000");
  await again.getByRole("button", { name: "Verify" }).click();
  await expect(again.getByTestId("sign-in-error")).toContainText("not right");
  await again.getByLabel("Authentication code").fill(code(secret, 1));
  await again.getByRole("button", { name: "Verify" }).click();
  await expect(again.getByRole("heading", { name: "Members" })).toBeVisible();

  // A recovery code, once.
  const third = await newPage(browser);
  const form3 = new SignInPage(third);
  await form3.goto();
  await form3.signIn(email, "two-step-pw-1");
  await third.getByRole("button", { name: "Use a recovery code" }).click();
  await third.getByLabel("Recovery code").fill(codes[0]);
  await third.getByRole("button", { name: "Verify" }).click();
  await expect(third.getByRole("heading", { name: "Members" })).toBeVisible();
  const fourth = await newPage(browser);
  const form4 = new SignInPage(fourth);
  await form4.goto();
  await form4.signIn(email, "two-step-pw-1");
  await fourth.getByRole("button", { name: "Use a recovery code" }).click();
  await fourth.getByLabel("Recovery code").fill(codes[0]);
  await fourth.getByRole("button", { name: "Verify" }).click();
  await expect(fourth.getByTestId("sign-in-error")).toBeVisible();
  await person.reload();
  await expect(person.getByTestId("recovery-left")).toContainText("9 of 10 left");
});

test("sessions: the person sees where they are signed in and ends another browser's session", async ({
  page,
  browser,
}) => {
  await signIn(page);
  const { email } = await addMember(page.request, { password: "sessions-pw-1" });
  const one = await newPage(browser);
  await signIn(one, email, "sessions-pw-1");
  const two = await newPage(browser);
  await signIn(two, email, "sessions-pw-1");
  await one.goto("/login");
  const list = one.getByTestId("sessions");
  await expect(list.locator("li")).toHaveCount(2);
  await expect(list.getByText("this browser")).toHaveCount(1);
  await list.getByRole("button", { name: /^Sign out/ }).click();
  await expect(list.locator("li")).toHaveCount(1);
  await two.goto("/members");
  await expect(two).toHaveURL(/\/sign-in/);
  await one.goto("/members");
  await expect(one.getByRole("heading", { name: "Members" })).toBeVisible();
});

test("an account that requires a second factor leads a member to add one, and nothing else of it shows until then", async ({
  browser,
}) => {
  const tag = randomBytes(4).toString("hex");
  const ownerEmail = `mfa-owner-${tag}@example.test`;
  const created = runAdmin(
    "create-account",
    "--name",
    `Strict ${tag}`,
    "--email",
    ownerEmail,
    "--password",
    "strict-owner-pw",
    "--json",
  );
  expect(created.status, created.stderr).toBe(0);
  const owner = await newPage(browser);
  await signIn(owner, ownerEmail, "strict-owner-pw");
  const { email } = await addMember(owner.request, { password: "strict-member-pw" });

  // The owner can only require what their own session meets: they add an app first.
  await owner.goto("/login");
  const { secret } = await enrollTotp(owner);
  await owner.getByRole("button", { name: "I saved them" }).click();
  await owner.goto("/settings");
  await owner.getByLabel("Required for everyone").check();
  await owner.getByRole("button", { name: "Save policy" }).click();
  await expect(owner.getByText("Sign-in policy saved")).toBeVisible();
  expect(secret).toBeTruthy();

  const member = await newPage(browser);
  await signIn(member, email, "strict-member-pw").catch(() => undefined);
  await member.goto("/members");
  const gate = member.getByTestId("mfa-required");
  await expect(gate).toBeVisible();
  await expect(member.getByRole("link", { name: "Groups" })).toHaveCount(0);
  await member.screenshot({ path: "test-results/screens/light/mfa-required.png", fullPage: true });
  expect((await member.request.get("/api/v1/user")).status()).toBe(403);
  await enrollTotp(member);
  await member.getByRole("button", { name: "I saved them" }).click();
  await member.goto("/members");
  await expect(member.getByRole("heading", { name: "Members" })).toBeVisible();
  expect((await member.request.get("/api/v1/user")).status()).toBe(200);
});
