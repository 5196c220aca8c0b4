import { type FactorRow, TwoStep } from "./two-step";

/**
 * An account whose policy asks for a second factor, for a session that signed
 * in with a password alone: nothing of the account shows; the person adds a
 * factor right here (the session then counts as two factors) or, if they have
 * one already, signs in again with it.
 */
export function MfaGate({
  accountName,
  factors,
}: {
  accountName: string;
  factors: { factors: FactorRow[]; recoveryCodesLeft: number };
}) {
  const has = factors.factors.length > 0;
  return (
    <section
      data-testid="mfa-required"
      className="mx-auto max-w-2xl space-y-4 rounded-lg border border-amber-300 bg-white p-6 shadow-sm dark:border-amber-700 dark:bg-slate-900"
    >
      <h1 className="text-xl font-semibold">{accountName} requires two-step verification</h1>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {has
          ? "You have a second factor, but this session signed in without it. Sign out and sign in again with your code to open this account."
          : "Its admins ask every member they cover to sign in with a second factor. Add an authenticator app now: this session then counts as verified, and the account opens."}
      </p>
      <TwoStep factors={factors.factors} recoveryCodesLeft={factors.recoveryCodesLeft} intro={false} />
    </section>
  );
}
