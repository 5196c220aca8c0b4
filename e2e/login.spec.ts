import { expect, test } from "@playwright/test";
import { addMember, signedInPage, signIn } from "./support/fixtures";
import { waitForLink } from "./support/smtp";

test("forgot password: the mailed link sets a new password and signs the person in", async ({ page, browser }) => {
  await signIn(page);
  const { email } = await addMember(page.request, { password: "admin-chosen-1" });

  const guest = await (await browser.newContext()).newPage();
  await guest.goto("/sign-in");
  await guest.getByRole("link", { name: "Forgot your password?" }).click();
  await guest.getByLabel("Email").fill(email);
  await guest.getByRole("button", { name: "Send the link" }).click();
  await expect(guest.getByTestId("forgot-done")).toContainText("If a Roster login uses this address");

  await guest.goto(await waitForLink(email, "/reset-password"));
  await expect(guest.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await guest.getByLabel("New password").fill("owner-chosen-2");
  await guest.getByRole("button", { name: "Set the new password" }).click();
  await expect(guest.getByRole("heading", { name: "Members" })).toBeVisible();

  // The old password no longer signs in; the link works once.
  const again = await (await browser.newContext()).newPage();
  await again.goto("/sign-in");
  await again.getByLabel("Email").fill(email);
  await again.getByLabel("Password").fill("admin-chosen-1");
  await again.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(again.getByTestId("sign-in-error")).toBeVisible();
});

test("sign out everywhere ends every session of the person", async ({ page, browser }) => {
  await signIn(page);
  const { email } = await addMember(page.request, { password: "everywhere-pw-1" });
  const one = await signedInPage(browser, email, "everywhere-pw-1");
  const two = await signedInPage(browser, email, "everywhere-pw-1");

  await one.getByRole("link", { name: "Your login" }).click();
  await expect(one.getByTestId("login-email")).toHaveText(email);
  await one.getByRole("button", { name: "Sign out everywhere", exact: true }).click();
  await one.getByRole("dialog").getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(one).toHaveURL(/\/sign-in/);

  await two.goto("/members");
  await expect(two).toHaveURL(/\/sign-in/);
  const api = await two.request.get("/api/v1/user");
  expect(api.status()).toBe(401);
});

test("the old address stops an email change it did not ask for, and the change link dies", async ({
  page,
  browser,
}) => {
  await signIn(page);
  const { email } = await addMember(page.request, { password: "admin-chosen-3" });
  // The person chooses a password of their own (a reset), which signs them in.
  const person = await (await browser.newContext()).newPage();
  await person.goto("/forgot-password");
  await person.getByLabel("Email").fill(email);
  await person.getByRole("button", { name: "Send the link" }).click();
  await person.goto(await waitForLink(email, "/reset-password"));
  await person.getByLabel("New password").fill("owner-chosen-3");
  await person.getByRole("button", { name: "Set the new password" }).click();
  await expect(person.getByRole("heading", { name: "Members" })).toBeVisible();

  // Someone holding a session of theirs asks to move the login to their own mailbox.
  const attackerMailbox = `taker-${Date.now()}@example.test`;
  await person.getByRole("link", { name: "Your login" }).click();
  await person.getByLabel("New email").fill(attackerMailbox);
  await person.getByRole("form", { name: "Change email" }).getByLabel("Current password").fill("owner-chosen-3");
  await person.getByRole("button", { name: "Send the link" }).click();
  const change = await waitForLink(attackerMailbox, "/confirm-email");

  // The old address was told, with a way to stop it.
  const owner = await (await browser.newContext()).newPage();
  await owner.goto(await waitForLink(email, "/cancel-email-change"));
  await expect(owner.getByRole("heading", { name: "Stop the change of your sign-in email" })).toBeVisible();
  await owner.getByRole("button", { name: "Stop the change and sign out everywhere" }).click();
  await expect(owner.getByTestId("link-done")).toContainText(`your login keeps ${email}`);

  // The change link no longer works, and the session that asked has ended.
  const taker = await (await browser.newContext()).newPage();
  await taker.goto(change);
  await expect(taker.getByTestId("link-expired")).toBeVisible();
  await person.goto("/members");
  await expect(person).toHaveURL(/\/sign-in/);
});
