// Sign-in and sign-out from the browser: the two requests next-auth's own
// client makes, without loading its client library on every page.

async function csrfToken(): Promise<string> {
  const r = await fetch("/api/auth/csrf");
  return ((await r.json()) as { csrfToken: string }).csrfToken;
}

/** Signs in with email and password; error is next-auth's code (e.g. "TooManyAttempts") on failure. */
export async function signInWithPassword(
  email: string,
  password: string,
): Promise<{ ok: boolean; error: string | null }> {
  const r = await fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-auth-return-redirect": "1" },
    body: new URLSearchParams({
      csrfToken: await csrfToken(),
      email,
      password,
      json: "true",
      callbackUrl: location.href,
    }),
  });
  const data = (await r.json().catch(() => ({}))) as { url?: string };
  const error = data.url ? new URL(data.url, location.href).searchParams.get("error") : "SignInFailed";
  return { ok: r.ok && !error, error };
}

/** Ends the session, then goes to `to`. */
export async function signOutTo(to: string): Promise<void> {
  await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-auth-return-redirect": "1" },
    body: new URLSearchParams({ csrfToken: await csrfToken(), json: "true", callbackUrl: to }),
  });
  location.href = to;
}
