/**
 * An account that requires single sign-on, for a session that did not come
 * through its identity provider: nothing of the account shows; one button
 * signs in again through the provider.
 */
export function SsoGate({
  accountName,
  connection,
}: {
  accountName: string;
  connection: { id: number; name: string } | null;
}) {
  return (
    <section
      data-testid="sso-required"
      className="mx-auto max-w-2xl space-y-4 rounded-lg border border-amber-300 bg-white p-6 shadow-sm dark:border-amber-700 dark:bg-slate-900"
    >
      <h1 className="text-xl font-semibold">{accountName} requires single sign-on</h1>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Its admins ask every member to sign in through the organization&apos;s identity provider.
      </p>
      {connection ? (
        // A full navigation: the sign-in leaves for the identity provider.
        <a
          href={`/sso/${connection.id}/start`}
          className="inline-block rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 dark:bg-slate-100 dark:text-slate-900"
        >
          Continue with {connection.name}
        </a>
      ) : (
        <p className="text-sm text-amber-900 dark:text-amber-200">
          It has no active connection right now: ask one of its admins.
        </p>
      )}
    </section>
  );
}
