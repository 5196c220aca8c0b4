import type { Metadata } from "next";
import { JoinForm } from "@/components/public/join-form";
import { sessionUserId } from "@/lib/console/session";
import { publicAccountName } from "@/lib/domain/accounts/public-account";
import { isDomainError } from "@/lib/platform/errors";
import { parseId } from "@/lib/platform/validation";

export const metadata: Metadata = { title: "Ask to join" };

export default async function JoinPage({ params }: { params: Promise<{ accountId: string }> }) {
  const accountId = parseId((await params).accountId);
  let name: string | null = null;
  try {
    if (accountId !== null) name = await publicAccountName(accountId);
  } catch (e) {
    if (!isDomainError(e)) throw e;
  }
  const signedIn = (await sessionUserId()) !== null;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-700 dark:bg-slate-900">
        {name && accountId !== null ? (
          <>
            <h1 className="text-xl font-semibold">Ask to join {name}</h1>
            <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">An admin of {name} reviews every request.</p>
            <JoinForm accountId={accountId} signedIn={signedIn} />
          </>
        ) : (
          <h1 className="text-xl font-semibold">This account does not exist</h1>
        )}
      </div>
    </main>
  );
}
