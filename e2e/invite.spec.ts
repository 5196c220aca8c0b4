import { expect, test } from "@playwright/test";
import { InvitationsPage } from "./pages/invitations-page";
import { MemberPage } from "./pages/member-page";
import { signedInPage, signIn, unique, uniqueEmail } from "./support/fixtures";
import { waitForMail } from "./support/smtp";

test("invite → mail received → accept (signed in, waiting) → admin activates → the member sees the account", async ({
  page,
  browser,
}) => {
  await signIn(page);
  const email = uniqueEmail("invitee");
  const last = unique("Invitee");
  const invitations = new InvitationsPage(page);
  await invitations.goto();
  await invitations.invite(email, "Ivy", last, "DEVELOPER");
  await expect(page.locator("[data-toast]").filter({ hasText: `Invitation emailed to ${email}` })).toBeVisible();
  await expect(invitations.row(email)).toContainText("Pending");

  const mail = await waitForMail(email);
  expect(mail).toContain("Acme Corporation");
  const link = mail.match(/https?:\/\/[^\s"<]+\/invite\/[A-Za-z0-9_-]+/)?.[0];
  expect(link, "the invitation link in the mail").toBeTruthy();

  const guest = await browser.newContext();
  const invitee = await guest.newPage();
  await invitee.goto(link as string);
  await expect(invitee.getByRole("heading", { name: "Join Acme Corporation" })).toBeVisible();
  await invitee.getByLabel("Password").fill("invitee-password-1");
  await invitee.getByRole("button", { name: "Accept invitation" }).click();
  await expect(invitee.getByRole("status")).toContainText("An admin of Acme Corporation still has to activate");
  // Accepting signed the person in: the console says plainly what they wait for.
  await invitee.goto("/members");
  await expect(invitee.getByTestId("waiting-for-activation")).toContainText(
    "You accepted the invitation to Acme Corporation",
  );

  // the same link cannot be used twice
  await invitee.goto(link as string);
  await expect(invitee.getByRole("heading", { name: "This invitation was already accepted" })).toBeVisible();

  await invitations.goto();
  await expect(invitations.row(email)).toContainText("Accepted — waiting for activation");
  await page.goto(`/members?q=${encodeURIComponent(last)}`);
  await page.getByRole("link", { name: `Ivy ${last}` }).click();
  const member = new MemberPage(page);
  await expect(member.state()).toContainText("Invited");
  await expect(page.getByText("accepted the invitation, waiting for activation")).toBeVisible();
  await invitations.goto();
  await invitations.row(email).getByRole("button", { name: "Activate" }).click();
  await expect(page.locator("[data-toast]").filter({ hasText: `${email} is active` })).toBeVisible();
  await expect(invitations.row(email)).not.toContainText("waiting for activation");

  // The invitee, still signed in from accepting, now sees the account.
  await invitee.goto("/members");
  await expect(invitee.getByTestId("current-account")).toHaveText("Acme Corporation");
  const memberPage = await signedInPage(browser, email, "invitee-password-1");
  await expect(memberPage.getByTestId("current-account")).toHaveText("Acme Corporation");
});

test("a revoked or expired link says so; resend issues a new link", async ({ page, browser }) => {
  await signIn(page);
  const email = uniqueEmail("revoked");
  const invitations = new InvitationsPage(page);
  await invitations.goto();
  await invitations.invite(email, "Rex", unique("Revoked"));
  const first = (await waitForMail(email)).match(/https?:\/\/[^\s"<]+\/invite\/[A-Za-z0-9_-]+/)?.[0] as string;
  await invitations.row(email).getByRole("button", { name: "Resend" }).click();
  await expect(page.locator("[data-toast]").filter({ hasText: `Invitation sent again to ${email}` })).toBeVisible();

  const other = await (await browser.newContext()).newPage();
  await other.goto(first);
  await expect(other.getByRole("heading", { name: "This invitation link is not valid" })).toBeVisible();

  await invitations.row(email).getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
  await expect(invitations.row(email)).toContainText("Revoked");
  const second = (await waitForMail(email)).match(/https?:\/\/[^\s"<]+\/invite\/[A-Za-z0-9_-]+/)?.[0] as string;
  expect(second).not.toBe(first);
  await other.goto(second);
  await expect(other.getByRole("heading", { name: "This invitation was revoked" })).toBeVisible();
});
