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

async function post(path: string, body: Record<string, string>): Promise<SignInStep> {
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
    r.status === 429
      ? "TooManyAttempts"
      : data.code === "sign_in_expired"
        ? "Expired"
        : "CredentialsSignin";
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
