"use client";

import { useRouter } from "next/navigation";
import { type ChangeEvent, type FormEvent, useState, useTransition } from "react";
import {
  addSsoConnectionAction,
  deleteSsoConnectionAction,
  updateSsoConnectionAction,
  updateSsoPolicyAction,
} from "@/app/(console)/_actions/sso";
import { ConfirmButton } from "../confirm-button";
import { useStepUp } from "../login/step-up";
import { toast } from "../toast";
import { Button, Field } from "../ui";
import { type MappingValue, SsoMapping } from "./sso-mapping";

export interface ConnectionRow {
  id: number;
  type: "oidc" | "saml";
  name: string;
  state: "draft" | "active" | "inactive";
  issuer: string | null;
  clientId: string | null;
  redirectUri: string | null;
  entityId: string | null;
  acsUrl: string | null;
  idpEntityId: string | null;
  /** The IdP's signing certificates' expiry dates (SAML). */
  certificatesExpire: string[];
  allowIdpInitiated: boolean;
  mapping: MappingValue;
  signInUrl: string;
  updateProfile: boolean;
  trustIdpMfa: boolean;
}

const STATE_STYLE = {
  draft: "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200",
  active: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  inactive: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
};

const code = "break-all rounded bg-slate-100 px-1 dark:bg-slate-800";

/**
 * Settings → Single sign-on: OpenID Connect and SAML connections (what to
 * enter at the IdP, a test sign-in, draft → active), and the requirement.
 */
export function SsoConnections({
  connections,
  sso,
  canLoosen,
  cameThroughSso,
  hasFactor,
}: {
  connections: ConnectionRow[];
  sso: "optional" | "required";
  canLoosen: boolean;
  cameThroughSso: boolean;
  hasFactor: boolean;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | undefined>();
  const stepUp = useStepUp(hasFactor);
  const [kind, setKind] = useState<"oidc" | "saml">("oidc");

  // The IdP's metadata file, read into the form's text box.
  async function readMetadataFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.currentTarget.files?.[0];
    const box = e.currentTarget.form?.elements.namedItem("metadataXml");
    if (file && box instanceof HTMLTextAreaElement) box.value = await file.text();
  }

  function add(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const {
      metadataFile: _file,
      kind: _kind,
      ...data
    } = Object.fromEntries(new FormData(form)) as Record<string, string>;
    start(async () => {
      const r = await addSsoConnectionAction({ type: kind, ...data });
      if (!r.ok) {
        setErrors(Object.fromEntries(r.details.map((d) => [d.field, d.message])));
        setError(r.details.length ? undefined : r.error);
        return;
      }
      setErrors({});
      setError(undefined);
      form.reset();
      toast.success(r.message ?? "Added");
    });
  }

  const change = (c: ConnectionRow, input: Record<string, unknown>, revert?: () => void) =>
    start(async () => {
      const r = await updateSsoConnectionAction(c.id, input);
      if (r.ok) toast.success(r.message ?? "Saved");
      else {
        revert?.();
        toast.error(r.error);
      }
    });

  // Checkboxes answer the click at once; a refusal puts them back.
  const toggle = (c: ConnectionRow, field: "updateProfile" | "trustIdpMfa" | "allowIdpInitiated") => ({
    defaultChecked: c[field],
    disabled: pending,
    onChange: (e: ChangeEvent<HTMLInputElement>) => {
      const box = e.currentTarget;
      change(c, { [field]: box.checked }, () => {
        box.checked = !box.checked;
      });
    },
  });

  const requirement = (next: "optional" | "required") =>
    start(() =>
      stepUp.run(
        () => updateSsoPolicyAction({ sso: next }),
        () => router.refresh(),
      ),
    );

  const active = connections.some((c) => c.state === "active");
  return (
    <div className="space-y-4 text-sm">
      <p>
        People at your verified domains sign in through your identity provider (OpenID Connect: Okta, Microsoft Entra
        ID, Google Workspace, Keycloak…) or SAML 2.0 (ADFS, Okta, Entra ID, OneLogin…). Add the connection, enter what
        it names at the provider, test it, then make it active.
      </p>
      {connections.length > 0 && (
        <ul
          className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-700 dark:border-slate-700"
          data-testid="sso-connections"
        >
          {connections.map((c) => (
            <li key={c.id} className="space-y-2 px-3 py-2">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span>
                  <span className="font-medium">{c.name}</span>{" "}
                  <span className={`rounded px-1.5 py-0.5 text-xs ${STATE_STYLE[c.state]}`}>{c.state}</span>
                </span>
                <span className="flex flex-wrap items-center gap-2">
                  {/* A full navigation: the test leaves for the identity provider and comes back with what it sent. */}
                  <a
                    href={`${new URL(c.signInUrl).pathname}?test=1`}
                    className="rounded-md border border-slate-300 px-3 py-1.5 font-medium hover:bg-slate-50 dark:border-slate-600 dark:hover:bg-slate-800"
                  >
                    Test
                  </a>
                  <select
                    value={c.state}
                    disabled={pending}
                    aria-label={`State of ${c.name}`}
                    onChange={(e) => change(c, { state: e.target.value })}
                    className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-950"
                  >
                    <option value="draft">draft (tests only)</option>
                    <option value="active">active</option>
                    <option value="inactive">inactive</option>
                  </select>
                  <ConfirmButton
                    label="Remove"
                    ariaLabel={`Remove ${c.name}`}
                    confirmLabel="Remove"
                    question={`Remove ${c.name}? Sessions through it end, and its links to people go.`}
                    disabled={pending}
                    onConfirm={() =>
                      start(async () => {
                        const r = await deleteSsoConnectionAction(c.id);
                        if (r.ok) toast.success(r.message ?? "Removed");
                        else toast.error(r.error);
                      })
                    }
                  />
                </span>
              </div>
              {c.type === "oidc" ? (
                <p className="text-slate-700 dark:text-slate-300">
                  OpenID Connect: issuer <code className={code}>{c.issuer}</code>, client{" "}
                  <code className={code}>{c.clientId}</code>. Redirect URI to enter at the provider:{" "}
                  <code data-testid="sso-redirect-uri" className={code}>
                    {c.redirectUri}
                  </code>
                </p>
              ) : (
                <div className="space-y-1 text-slate-700 dark:text-slate-300">
                  <p>
                    SAML: identity provider <code className={code}>{c.idpEntityId}</code>
                    {c.certificatesExpire.length > 0 &&
                      `, signing certificate${c.certificatesExpire.length > 1 ? "s" : ""} valid until ${c.certificatesExpire
                        .map((d) => new Date(d).toLocaleDateString())
                        .join(" and ")}`}
                    .
                  </p>
                  <p>
                    Enter at the provider: entity ID (audience){" "}
                    <code data-testid="sso-entity-id" className={code}>
                      {c.entityId}
                    </code>
                    , ACS (single sign-on) URL{" "}
                    <code data-testid="sso-acs-url" className={code}>
                      {c.acsUrl}
                    </code>
                    , or give it{" "}
                    <a
                      href={`/api/v1/sso/connections/${c.id}/saml/metadata`}
                      className="font-medium text-sky-700 underline dark:text-sky-400"
                      download
                    >
                      the metadata file
                    </a>
                    .
                  </p>
                </div>
              )}
              <div className="flex flex-wrap gap-x-6 gap-y-1">
                <label className="flex items-center gap-2">
                  <input type="checkbox" {...toggle(c, "updateProfile")} />
                  Update the member profile at each sign-in
                </label>
                <label className="flex items-center gap-2">
                  <input type="checkbox" {...toggle(c, "trustIdpMfa")} />
                  Count the provider&apos;s multi-factor sign-in as a second factor here
                </label>
                {c.type === "saml" && (
                  <label className="flex items-center gap-2">
                    <input type="checkbox" {...toggle(c, "allowIdpInitiated")} />
                    Allow sign-in started at the provider (the person confirms first)
                  </label>
                )}
              </div>
              <SsoMapping id={c.id} name={c.name} mapping={c.mapping} />
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={add}
        className="grid gap-3 sm:grid-cols-2"
        aria-label={kind === "oidc" ? "Add an OpenID Connect connection" : "Add a SAML connection"}
      >
        <fieldset className="flex gap-4 sm:col-span-2">
          <legend className="sr-only">Protocol</legend>
          {(["oidc", "saml"] as const).map((k) => (
            <label key={k} className="flex items-center gap-2">
              <input type="radio" name="kind" checked={kind === k} onChange={() => setKind(k)} />
              {k === "oidc" ? "OpenID Connect" : "SAML 2.0"}
            </label>
          ))}
        </fieldset>
        <Field id="sso-name" name="name" label="Name" placeholder="Okta" required error={errors.name} />
        {kind === "oidc" ? (
          <>
            <Field
              id="sso-issuer"
              name="issuer"
              label="Issuer URL"
              placeholder="https://acme.okta.com"
              required
              error={errors.issuer}
            />
            <Field id="sso-client-id" name="clientId" label="Client ID" required error={errors.clientId} />
            <Field
              id="sso-client-secret"
              name="clientSecret"
              label="Client secret"
              type="password"
              autoComplete="off"
              required
              error={errors.clientSecret}
              hint="Sealed at rest; never shown again"
            />
          </>
        ) : (
          <div className="space-y-1 sm:col-span-2">
            <label htmlFor="sso-metadata" className="block font-medium">
              Identity provider metadata (XML)
            </label>
            <textarea
              id="sso-metadata"
              name="metadataXml"
              required
              rows={4}
              aria-invalid={errors.metadataXml ? true : undefined}
              aria-describedby={errors.metadataXml ? "sso-metadata-error" : undefined}
              placeholder='<EntityDescriptor entityID="…">…'
              className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs dark:border-slate-600 dark:bg-slate-950"
            />
            <input
              type="file"
              name="metadataFile"
              accept=".xml,application/xml,text/xml"
              aria-label="Read the metadata from a file"
              onChange={readMetadataFile}
            />
            {(errors.metadataXml ?? errors.idpCertificates ?? errors.idpSsoUrl) && (
              <p id="sso-metadata-error" className="text-red-700 dark:text-red-400">
                {errors.metadataXml ?? errors.idpCertificates ?? errors.idpSsoUrl}
              </p>
            )}
          </div>
        )}
        {error && (
          <p
            role="alert"
            className="rounded-md bg-red-50 px-3 py-2 text-red-800 sm:col-span-2 dark:bg-red-950 dark:text-red-200"
          >
            {error}
          </p>
        )}
        <div className="sm:col-span-2">
          <Button type="submit" variant="primary" disabled={pending}>
            Add connection
          </Button>
        </div>
      </form>
      <div className="space-y-2 border-t border-slate-200 pt-3 dark:border-slate-700" data-testid="sso-requirement">
        <p className="font-medium">Require single sign-on: {sso === "required" ? "on" : "off"}</p>
        <p className="text-slate-600 dark:text-slate-400">
          When on, a session that did not come through this account's identity provider cannot act here (members are
          sent to the provider). Super admins with a second factor may still use their password: break-glass, flagged in
          the audit log. API keys and SCIM tokens keep working.
        </p>
        {stepUp.prompt}
        {sso === "optional" ? (
          <>
            <Button
              variant="primary"
              disabled={pending || !active || !cameThroughSso}
              onClick={() => requirement("required")}
            >
              Require single sign-on
            </Button>
            {(!active || !cameThroughSso) && (
              <p className="text-slate-600 dark:text-slate-400">
                {!active
                  ? "Make a connection active first."
                  : "Sign in through the active connection yourself first: then you know the way in works."}
              </p>
            )}
          </>
        ) : (
          <Button disabled={pending || !canLoosen} onClick={() => requirement("optional")}>
            Make single sign-on optional
          </Button>
        )}
      </div>
    </div>
  );
}
