import type { Metadata } from "next";
import { headers } from "next/headers";
import { Notice } from "@/components/notice";
import { Domains } from "@/components/settings/domains";
import { ScimTokens } from "@/components/settings/scim-tokens";
import { SecurityPolicy } from "@/components/settings/security-policy";
import { SsoConnections } from "@/components/settings/sso-connections";
import { Webhooks } from "@/components/settings/webhooks";
import { SettingsForm } from "@/components/settings-form";
import { Card, PageHeader } from "@/components/ui";
import { scimBase } from "@/lib/api/scim/http";
import { consoleActor } from "@/lib/console/session";
import { getAccount } from "@/lib/domain/accounts/get-account";
import { listScimTokens } from "@/lib/domain/credentials/scim-tokens";
import { listDomains } from "@/lib/domain/domains/domains";
import { eventFamilies } from "@/lib/domain/events/catalogue";
import { can } from "@/lib/domain/permissions";
import { getSecurityPolicy } from "@/lib/domain/sign-in/policy";
import { factorKindsOf } from "@/lib/domain/sign-in/sign-in";
import { cameThroughSso, listConnections } from "@/lib/domain/sso/connections";
import { listEndpoints } from "@/lib/domain/webhooks/endpoints";
import { isDomainError } from "@/lib/platform/errors";

export const metadata: Metadata = { title: "Account settings" };

/** The SCIM base URL as this browser reaches the app (the configured public URL wins). */
async function consoleScimBase() {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host");
  if (process.env.NEXTAUTH_URL || !host) return scimBase();
  return `${h.get("x-forwarded-proto") ?? "http"}://${host}/scim/v2`;
}

export default async function SettingsPage() {
  const actor = await consoleActor();
  if (!actor) return null;
  try {
    const [a, tokens, policy, hasFactor, domains, connections, throughSso, webhooks] = await Promise.all([
      getAccount(actor, { limit: 1, keys: false }),
      can(actor.role, "scim.manage") ? listScimTokens(actor) : null,
      can(actor.role, "account.security") ? getSecurityPolicy(actor) : null,
      factorKindsOf(actor.userId).then((k) => k.length > 0),
      can(actor.role, "account.domains") ? listDomains(actor) : null,
      can(actor.role, "account.sso") ? listConnections(actor) : null,
      cameThroughSso(actor),
      can(actor.role, "account.webhooks") ? listEndpoints(actor) : null,
    ]);
    return (
      <section className="space-y-4">
        <PageHeader title="Account settings" description={`Account ${a.id}`} />
        <Card>
          <SettingsForm
            canEdit={can(actor.role, "account.update")}
            canEditBalance={can(actor.role, "account.token_balance")}
            canEditAutoActivate={can(actor.role, "account.auto_activate")}
            initial={{
              name: a.name,
              domain: a.domain ?? "",
              organizationId: a.organizationId ?? "",
              tokenBalance: a.tokenBalance,
              inviteTtlDays: a.settings.inviteTtlDays,
              autoActivateOnAccept: a.settings.autoActivateOnAccept,
              addresses: a.addresses.map((x) => ({
                label: x.label ?? "",
                line1: x.line1,
                line2: x.line2 ?? "",
                city: x.city ?? "",
                region: x.region ?? "",
                postalCode: x.postalCode ?? "",
                country: x.country ?? "",
              })),
              phones: a.phones.map((p) => ({ label: p.label ?? "", number: p.number })),
            }}
          />
        </Card>
        {policy && (
          <Card title="Sign-in">
            <SecurityPolicy
              mfa={policy.mfa}
              canEdit={can(actor.role, "account.security")}
              canLoosen={can(actor.role, "account.security_loosen")}
              hasFactor={hasFactor}
            />
          </Card>
        )}
        {domains && (
          <Card title="Domains">
            <Domains
              domains={domains.map((d) => ({
                id: d.id,
                domain: d.domain,
                status: d.status,
                enrollment: d.enrollment,
                recordName: d.verification.name,
                recordValue: d.verification.value,
                checkedAt: d.checkedAt?.toISOString() ?? null,
                lastFound: d.lastFound,
              }))}
            />
          </Card>
        )}
        {connections && policy && (
          <Card title="Single sign-on">
            <SsoConnections
              connections={connections.map((c) => ({
                id: c.id,
                type: c.type,
                name: c.name,
                state: c.state,
                issuer: c.issuer,
                clientId: c.clientId,
                redirectUri: c.redirectUri,
                entityId: c.entityId,
                acsUrl: c.acsUrl,
                idpEntityId: c.idpEntityId,
                certificatesExpire: c.idpCertificates.map((x) => x.notAfter),
                allowIdpInitiated: c.allowIdpInitiated,
                mapping: c.mapping,
                signInUrl: c.signInUrl,
                updateProfile: c.updateProfile,
                trustIdpMfa: c.trustIdpMfa,
              }))}
              sso={policy.sso}
              canLoosen={can(actor.role, "account.security_loosen")}
              cameThroughSso={throughSso}
              hasFactor={hasFactor}
            />
          </Card>
        )}
        {webhooks && (
          <Card title="Webhooks">
            <Webhooks
              endpoints={webhooks.map((w) => ({
                id: w.id,
                url: w.url,
                description: w.description,
                events: w.events,
                enabled: w.enabled,
                disabledReason: w.disabledReason,
              }))}
              families={eventFamilies()}
            />
          </Card>
        )}
        {tokens && (
          <Card title="SCIM provisioning">
            <ScimTokens
              hasFactor={hasFactor}
              baseUrl={await consoleScimBase()}
              tokens={tokens.map((t) => ({
                ...t,
                createdAt: t.createdAt.toISOString(),
                lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
                revokedAt: t.revokedAt?.toISOString() ?? null,
              }))}
            />
          </Card>
        )}
      </section>
    );
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return <Notice>{e.message}</Notice>;
  }
}
