import { expect, test } from "@playwright/test";
import { MemberPage } from "./pages/member-page";
import { addMember, signIn, unique } from "./support/fixtures";

test.beforeEach(async ({ page }) => signIn(page));

test("groups and policy assignment; deleting a member cascades", async ({ page }) => {
  const m = await addMember(page.request, { firstName: "Gail" });
  const groupName = unique("Ops");
  const groupPolicy = unique("VPN");
  const soloPolicy = unique("Solo");

  await page.goto("/groups");
  await page.getByLabel("New group name").fill(groupName);
  await page.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByTestId(`group-${groupName}`)).toBeVisible();

  await page.goto("/policies");
  for (const name of [groupPolicy, soloPolicy]) {
    await page.getByLabel("New policy name").fill(name);
    await page.getByRole("button", { name: "Create policy" }).click();
    await expect(page.getByTestId(`policy-${name}`)).toBeVisible();
  }
  const vpn = page.getByTestId(`policy-${groupPolicy}`);
  await vpn.getByRole("checkbox", { name: groupName }).check();
  await vpn.getByRole("button", { name: "Save groups" }).click();
  await expect(page.locator("[data-toast]").filter({ hasText: "Groups assigned" })).toBeVisible();

  const member = new MemberPage(page);
  await member.goto(m.id);
  const groups = page.getByRole("region", { name: "Groups" });
  await groups.getByRole("checkbox", { name: groupName }).check();
  const policies = page.getByRole("region", { name: "Policies" });
  await policies.getByRole("checkbox", { name: soloPolicy }).check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(member.toast("Saved: groups, policies")).toBeVisible();
  await page.reload();
  await expect(
    page.getByText(
      `In effect (direct and through groups, as last saved): ${[groupPolicy, soloPolicy].sort().join(", ")}`,
    ),
  ).toBeVisible();

  await page.goto("/groups");
  await expect(page.getByTestId(`group-${groupName}`)).toContainText("1 member");

  // delete: out of the group, the policy assigned to them alone is gone, the group's policy stays
  await member.goto(m.id);
  await member.act("Delete from account", "Delete");
  await expect(page).toHaveURL(/\/members$/);
  await page.goto("/groups");
  await expect(page.getByTestId(`group-${groupName}`)).toContainText("0 members");
  await page.goto("/policies");
  await expect(page.getByTestId(`policy-${groupPolicy}`)).toBeVisible();
  await expect(page.getByTestId(`policy-${soloPolicy}`)).toHaveCount(0);

  // rename and delete a group
  await page.goto("/groups");
  const row = page.getByTestId(`group-${groupName}`);
  await row.getByLabel(`Name of ${groupName}`).fill(`${groupName}-renamed`);
  await row.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByTestId(`group-${groupName}-renamed`)).toBeVisible();
  await page.getByTestId(`group-${groupName}-renamed`).getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId(`group-${groupName}-renamed`)).toHaveCount(0);
});
