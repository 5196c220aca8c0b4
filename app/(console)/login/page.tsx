import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginHistory } from "@/components/login/login-history";
import { SessionsList } from "@/components/login/sessions-list";
import { TwoStep } from "@/components/login/two-step";
import { LoginSettings } from "@/components/login-settings";
import { Card, PageHeader } from "@/components/ui";
import { describeAgent } from "@/lib/api/login/answers";
import { consolePerson } from "@/lib/console/session";
import { listOwnFactors } from "@/lib/domain/sign-in/factors";
import { listOwnLoginEvents } from "@/lib/domain/sign-in/history";
import { listOwnSessions } from "@/lib/domain/sign-in/own-sessions";
import { getOwnLogin } from "@/lib/domain/users/person-login";

export const metadata: Metadata = { title: "Your login" };

/** The signed-in person's own login: the same in every account they belong to. */
export default async function LoginPage() {
  const person = await consolePerson();
  if (!person) redirect("/sign-in");
  const [login, two, sessions, history] = await Promise.all([
    getOwnLogin(person),
    listOwnFactors(person),
    listOwnSessions(person),
    listOwnLoginEvents(person),
  ]);
  return (
    <section className="space-y-4">
      <PageHeader
        title="Your login"
        description="Your email, password and second factors are yours alone: they work in every account you belong to, and no admin can change them."
      />
      <Card title="Email and password">
        <LoginSettings {...login} hasFactor={two.factors.length > 0} />
      </Card>
      <Card title="Two-step verification">
        <TwoStep
          factors={two.factors.map((f) => ({
            ...f,
            createdAt: f.createdAt.toISOString(),
            lastUsedAt: f.lastUsedAt?.toISOString() ?? null,
          }))}
          recoveryCodesLeft={two.recoveryCodesLeft}
        />
      </Card>
      <Card title="Where you are signed in">
        <SessionsList
          sessions={sessions.map((s) => ({
            id: s.id,
            current: s.current,
            ...describeAgent(s.userAgent),
            ip: s.ip,
            level: s.level,
            createdAt: s.createdAt.toISOString(),
            lastSeenAt: s.lastSeenAt.toISOString(),
          }))}
        />
      </Card>
      <Card title="Recent activity">
        <LoginHistory
          events={history.map((e) => {
            const agent = describeAgent(e.userAgent);
            return {
              id: e.id,
              action: e.action,
              at: e.at.toISOString(),
              where: [e.ip, [agent.browser, agent.os].filter(Boolean).join(" on ")].filter(Boolean).join(" · "),
              detail: e.detail,
            };
          })}
        />
      </Card>
    </section>
  );
}
