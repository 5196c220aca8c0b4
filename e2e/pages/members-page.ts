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
}
