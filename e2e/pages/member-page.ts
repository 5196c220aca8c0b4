import { expect, type Page } from "@playwright/test";

export class MemberPage {
  constructor(private readonly page: Page) {}

  async goto(id: number) {
    await this.page.goto(`/members/${id}`);
    await expect(this.page.getByRole("heading", { level: 1 })).toBeVisible();
  }

  state() {
    return this.page.getByTestId("member-state");
  }

  button(name: string) {
    return this.page.getByRole("button", { name, exact: true });
  }

  /** Clicks an action; when it asks first, confirms in the dialog. */
  async act(name: string, confirm?: string) {
    await this.button(name).click();
    if (confirm) await this.page.getByRole("dialog").getByRole("button", { name: confirm, exact: true }).click();
  }

  toast(text: string | RegExp) {
    return this.page.locator("[data-toast]").filter({ hasText: text });
  }
}
