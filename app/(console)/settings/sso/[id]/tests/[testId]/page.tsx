import type { Metadata } from "next";
import Link from "next/link";
import { Notice } from "@/components/notice";
import { Card, PageHeader } from "@/components/ui";
import { consoleActor } from "@/lib/console/session";
import { getConnection } from "@/lib/domain/sso/connections";
import { getTestResult } from "@/lib/domain/sso/sign-in";
import { isDomainError } from "@/lib/platform/errors";

export const metadata: Metadata = { title: "SSO test sign-in" };

const json = (v: unknown) => JSON.stringify(v, null, 2);

/** A test sign-in's outcome: what the identity provider sent, and the member profile it maps to. */
export default async function SsoTestPage({ params }: { params: Promise<{ id: string; testId: string }> }) {
  const actor = await consoleActor();
  if (!actor) return null;
  const { id, testId } = await params;
  try {
    const [connection, result] = await Promise.all([getConnection(actor, id), getTestResult(actor, id, testId)]);
    return (
      <section className="space-y-4">
        <PageHeader title={`Test sign-in: ${connection.name}`} description="No session was created." />
        {result.status === "failed" ? (
          <Notice>{result.error.message}</Notice>
        ) : result.status === "pending" ? (
          <Notice>The identity provider has not answered this test yet.</Notice>
        ) : (
          <>
            <div
              data-testid="sso-test-result"
              className={`rounded-md px-3 py-2 text-sm ${result.emailVerified ? "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100" : "bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100"}`}
            >
              {result.emailVerified
                ? `The connection works: ${result.profile.email ?? "no email"} signed in.`
                : `The provider signed ${result.profile.email ?? "someone"} in, but has not verified the email: such sign-ins are refused.`}
            </div>
            <Card title="Member profile it maps to">
              <pre className="overflow-x-auto text-xs" data-testid="sso-test-profile">
                {json(result.profile)}
              </pre>
            </Card>
            <Card title="Claims received">
              <pre className="overflow-x-auto text-xs">{json(result.claims)}</pre>
            </Card>
          </>
        )}
        <Link href="/settings" prefetch={false} className="text-sm text-indigo-700 underline dark:text-indigo-300">
          Back to settings
        </Link>
      </section>
    );
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return <Notice>{e.message}</Notice>;
  }
}
