import type { Metadata } from "next";
import { LoginSettings } from "@/components/login-settings";
import { Card, PageHeader } from "@/components/ui";
import { getOwnLogin } from "@/lib/domain/users/person-login";
import { consoleActor } from "@/lib/platform/auth/session";

export const metadata: Metadata = { title: "Your login" };

/** The signed-in person's own login: the same in every account they belong to. */
export default async function LoginPage() {
  const actor = await consoleActor();
  if (!actor) return null;
  const login = await getOwnLogin(actor);
  return (
    <section className="space-y-4">
      <PageHeader
        title="Your login"
        description="Your email and password are yours alone: they work in every account you belong to, and no admin can change them."
      />
      <Card title="Email">
        <LoginSettings {...login} />
      </Card>
    </section>
  );
}
