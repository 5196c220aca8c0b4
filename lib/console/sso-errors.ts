/** What a refused sign-in through an identity provider comes back with (a code; never text from the URL). */
const SSO_ERRORS: Record<string, string> = {
  sso_failed: "The sign-in through your identity provider did not complete. Start again.",
  sso_not_linked:
    "That identity provider's sign-in is not linked to a login here yet. Sign in the way you did before, then continue with single sign-on once to link them.",
  forbidden:
    "Your identity provider signed you in, but that opens no account here. Ask an admin of your organization to invite you.",
  not_found: "That single sign-on connection is not active.",
  rate_limited: "Too many attempts. Wait a few minutes, then try again.",
};

/** The sign-in page's words for a refused SSO sign-in's code. */
export const ssoErrorMessage = (code: string) =>
  SSO_ERRORS[code] ?? "Something went wrong with single sign-on. Try again in a moment.";
