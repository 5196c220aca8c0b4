import { expect, type Page } from "@playwright/test";

export class MembersPage {
  constructor(private readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/members${query}`);
    await expect(this.page.getByRole("heading", { name: "Members" })).toBeVisible();
  }

  table() {
    return this.page.getByTestId("members-table");
  }

  rows() {
    return this.table().locator("tbody tr");
  }

  async settled() {
    await expect(this.page.locator('[aria-busy="false"]')).toHaveCount(1);
  }

  async selectAllOnPage() {
    await this.page.getByRole("checkbox", { name: "Select all on this page" }).check();
  }

  bulk(name: string) {
    return this.page.getByRole("toolbar", { name: "Bulk actions" }).getByRole("button", { name, exact: true });
  }

  /** A bulk action that asks first: the dialog names how many, and confirming runs it. */
  async bulkConfirmed(name: string, question: string, confirm = name) {
    await this.bulk(name).click();
    const dialog = this.page.getByRole("dialog", { name: new RegExp(`^${question.replace(/[?.]/g, "\\$&")}`) });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: confirm, exact: true }).click();
  }

  toast(text: string | RegExp) {
    return this.page.locator("[data-toast]").filter({ hasText: text });
  }

  rangeText() {
    return this.page.getByTestId("page-range");
  }
}
