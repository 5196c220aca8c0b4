import { randomBytes } from "node:crypto";
import { type APIRequestContext, type Browser, expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../../playwright.config";
import { SignInPage } from "../pages/sign-in-page";

export const DEMO_EMAIL = "admin@acme.example";
export const unique = (tag: string) => `${tag}-${randomBytes(4).toString("hex")}`;
export const uniqueEmail = (tag: string) => `${unique(tag)}@example.test`;

export async function signIn(page: Page, email = DEMO_EMAIL, password = DEMO_PASSWORD) {
  const s = new SignInPage(page);
  await s.goto();
  await s.signIn(email, password);
  await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();
}

/** A page signed in as someone else, in its own browser context. */
export async function signedInPage(browser: Browser, email: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, password);
  return page;
}

/** Adds a member through the public API with the signed-in admin's session. */
export async function addMember(
  request: APIRequestContext,
  opts: { role?: string; password?: string; lastName?: string; firstName?: string } = {},
) {
  const email = uniqueEmail((opts.role ?? "member").toLowerCase());
  const lastName = opts.lastName ?? unique("Person");
  const created = await request.post("/api/v1/account/accounts", {
    data: {
      email,
      firstName: opts.firstName ?? "Test",
      lastName,
      ...(opts.password ? { password: opts.password } : {}),
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();
  if (opts.role && opts.role !== "REGULAR") {
    const r = await request.post("/api/v1/org/modifyrank", { data: { admin_user_id: id, rank: opts.role } });
    expect(r.status(), await r.text()).toBe(200);
  }
  return { id: id as number, email, lastName };
}

/** The member's role and status as the server has them now (whatever the page shows). */
export async function memberState(request: APIRequestContext, id: number) {
  const record = await request.get(`/api/v1/account/accounts/${id}`);
  if (record.status() === 404) return undefined;
  const { email } = await record.json();
  const rows = await (await request.get(`/api/v1/members?email=${encodeURIComponent(email)}&limit=5`)).json();
  const row = rows.data.find((r: { id: number }) => r.id === id);
  return row ? { role: row.role as string, status: row.status as string } : undefined;
}

export async function memberStatus(request: APIRequestContext, id: number) {
  return (await memberState(request, id))?.status;
}

export async function memberRole(request: APIRequestContext, id: number) {
  return (await memberState(request, id))?.role;
}
