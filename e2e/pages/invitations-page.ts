import { expect, type Page } from "@playwright/test";

export class InvitationsPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/invitations");
    await expect(this.page.getByRole("heading", { name: "Invitations", level: 1 })).toBeVisible();
  }

  async invite(email: string, firstName: string, lastName: string, role = "REGULAR") {
    const form = this.page.getByRole("form", { name: "Invite a member" });
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("First name").fill(firstName);
    await form.getByLabel("Last name").fill(lastName);
    await form.getByLabel("Role").selectOption(role);
    await form.getByRole("button", { name: "Send invitation" }).click();
  }

  row(email: string) {
    return this.page.getByTestId("invitations-table").locator("tr", { hasText: email });
  }
}
