import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SSO_BINDING_COOKIE } from "@/lib/api/sso/browser";
import { describeIdpConfirmation } from "@/lib/domain/sso/sign-in";
import { isDomainError } from "@/lib/platform/errors";

export const metadata: Metadata = { title: "Confirm sign-in" };

// A SAML sign-in begun at the IdP: the person says it is theirs before any
// session exists (an answer someone else's IdP sent this browser is refused here).
export default async function ConfirmSsoPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ c?: string }>;
}) {
  const { id } = await params;
  const { c } = await searchParams;
  const binding = (await cookies()).get(SSO_BINDING_COOKIE)?.value;
  let ask: Awaited<ReturnType<typeof describeIdpConfirmation>>;
  try {
    ask = await describeIdpConfirmation(id, typeof c === "string" ? c : "", binding);
  } catch (e) {
    if (isDomainError(e)) redirect(`/sign-in?sso_error=${e.code}`);
    throw e;
  }
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <h1 className="text-xl font-semibold tracking-tight">Sign in to {ask.accountName}?</h1>
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
          You are about to sign in to <strong className="text-slate-900 dark:text-slate-100">{ask.accountName}</strong>{" "}
          as <strong className="text-slate-900 dark:text-slate-100">{ask.email ?? "(no email)"}</strong> through{" "}
          <strong className="text-slate-900 dark:text-slate-100">{ask.idp}</strong>.
        </p>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          If you did not start this sign-in, close this page.
        </p>
        <form method="post" action={`/sso/${encodeURIComponent(id)}/accept`} className="mt-6 flex gap-3">
          <input type="hidden" name="confirm" value={c} />
          <button
            type="submit"
            className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 dark:bg-white dark:text-slate-900"
          >
            Sign in as {ask.email ?? "this person"}
          </button>
          <a
            href="/sign-in"
            className="rounded-md px-4 py-2 text-sm text-slate-600 hover:underline dark:text-slate-400"
          >
            Cancel
          </a>
        </form>
      </div>
    </main>
  );
}
