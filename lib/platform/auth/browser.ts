// Sign-in and sign-out from the browser: the JSON sign-in (/api/v1/login/sign-in)
// and next-auth's sign-out, without loading next-auth's client library.

async function csrfToken(): Promise<string> {
  const r = await fetch("/api/auth/csrf");
  return ((await r.json()) as { csrfToken: string }).csrfToken;
}

export type SignInStep =
  | { ok: true }
  | { ok: false; needsSecondFactor: true; factors: string[] }
  | {
      ok: false;
      needsSecondFactor?: false;
      error: "TooManyAttempts" | "CredentialsSignin" | "Expired";
      message: string;
    };

async function post(path: string, body: Record<string, unknown>): Promise<SignInStep> {
  const r = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const data = (await r.json().catch(() => ({}))) as {
    status?: string;
    factors?: string[];
    error?: string;
    code?: string;
  };
  if (r.ok && data.status === "complete") return { ok: true };
  if (r.ok && data.status === "needs_second_factor") {
    return { ok: false, needsSecondFactor: true, factors: data.factors ?? [] };
  }
  const error =
    r.status === 429 ? "TooManyAttempts" : data.code === "sign_in_expired" ? "Expired" : "CredentialsSignin";
  return { ok: false, error, message: data.error ?? "Sign-in failed" };
}

/** Email and password: signed in, or a second factor is asked for next. */
export const signInWithPassword = (email: string, password: string) =>
  post("/api/v1/login/sign-in", { email, password });

/** The second step: a code from the authenticator app, or a recovery code. */
export const submitSecondFactor = (proof: { code: string } | { recoveryCode: string }) =>
  post("/api/v1/login/sign-in/second-factor", proof);

/** Ends the session, then goes to `to`. */
export async function signOutTo(to: string): Promise<void> {
  await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-auth-return-redirect": "1" },
    body: new URLSearchParams({ csrfToken: await csrfToken(), json: "true", callbackUrl: to }),
  });
  location.href = to;
}

/** A passkey sign-in: after the password (the pending sign-in) or on its own (any passkey this browser holds). */
export async function signInWithPasskeyInBrowser(asSecondFactor: boolean): Promise<SignInStep> {
  const { startAuthentication } = await import("@simplewebauthn/browser");
  const r = await fetch("/api/v1/login/sign-in/passkey/options", { method: "POST" });
  if (!r.ok) return { ok: false, error: "Expired", message: "Start again" };
  const { options } = (await r.json()) as { options: Parameters<typeof startAuthentication>[0]["optionsJSON"] };
  let answer: unknown;
  try {
    answer = await startAuthentication({ optionsJSON: options });
  } catch {
    return { ok: false, error: "CredentialsSignin", message: "The passkey was not used" };
  }
  return asSecondFactor
    ? post("/api/v1/login/sign-in/second-factor", { webauthn: answer })
    : post("/api/v1/login/sign-in/passkey", { response: answer });
}

/** What an /api/v1/login call answered, in the shape console actions answer (so step-up can retry it). */
export type JsonResult<T> =
  | { ok: true; data: T; message?: string }
  | { ok: false; error: string; code: string; details: { field: string; message: string }[] };

async function json<T>(path: string, body: unknown): Promise<JsonResult<T>> {
  const r = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const data = await r.json().catch(() => ({}));
  if (r.ok) return { ok: true, data: data as T };
  const e = data as { error?: string; code?: string; details?: { field: string; message: string }[] };
  return { ok: false, error: e.error ?? "Failed", code: e.code ?? "error", details: e.details ?? [] };
}

/** Adds a passkey: options from the server, the browser's authenticator, the answer back. */
export async function registerPasskey(name: string): Promise<JsonResult<{ recoveryCodes: string[] | null }>> {
  const { startRegistration } = await import("@simplewebauthn/browser");
  const started = await json<{ id: number; options: Parameters<typeof startRegistration>[0]["optionsJSON"] }>(
    "/api/v1/login/factors/passkeys",
    { name },
  );
  if (!started.ok) return started;
  let response: unknown;
  try {
    response = await startRegistration({ optionsJSON: started.data.options });
  } catch (e) {
    return {
      ok: false,
      error: `The passkey was not created (${(e as Error).message})`,
      code: "cancelled",
      details: [],
    };
  }
  return json(`/api/v1/login/factors/passkeys/${started.data.id}/verify`, { response });
}
