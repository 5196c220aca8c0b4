import { methodWords } from "../audit-words";
import { formatDate } from "../ui";

export interface LoginEventRow {
  id: number;
  action: string;
  at: string;
  where: string;
  detail: Record<string, unknown> | null;
}

const factor = (d: Record<string, unknown> | null) => (d?.type === "webauthn" ? "a passkey" : "an authenticator app");

/** One of the person's own login events, in their words. */
function sentence(e: LoginEventRow): string {
  const d = e.detail;
  switch (e.action) {
    case "user.sign_in":
      return `Signed in with ${methodWords(d?.methods)}`;
    case "user.sign_in_failed":
      return d?.step === "second_factor"
        ? "A second step failed (wrong code or passkey)"
        : "A sign-in failed (wrong password)";
    case "user.factor_added":
      return `Added ${factor(d)}${d?.name ? ` (${d.name})` : ""}`;
    case "user.factor_removed":
      return `Removed ${factor(d)}${d?.name ? ` (${d.name})` : ""}`;
    case "user.factors_reset":
      return "The server's operator removed every second factor";
    case "user.recovery_codes_regenerated":
      return "Made new recovery codes";
    case "user.session_ended":
      return "Ended a session";
    case "user.sign_out_elsewhere":
      return "Signed out everywhere else";
    case "user.sign_out_everywhere":
      return "Signed out everywhere";
    case "user.change_password":
      return "Changed the password";
    case "user.reset_password":
      return "Reset the password through a mailed link";
    case "user.change_email":
      return "Moved the login to a new email";
    case "user.cancel_email_change":
      return "Stopped an email change from the old address";
    case "user.confirm_email":
      return "Confirmed the email";
    case "user.unproved_login_reset":
      return "Your organization's identity provider vouched for this address: the password, factors and sessions made before it was proved were removed";
    case "user.sso_break_glass":
      return "Signed in past an account's required single sign-on (break-glass)";
    case "user.passkey_counter_regressed":
      return "Refused a passkey whose counter went back (it may have been copied)";
    default:
      return e.action.replace(/^user\./, "").replace(/[._]/g, " ");
  }
}

/** Your login → Recent activity: what happened to the login, newest first. */
export function LoginHistory({ events }: { events: LoginEventRow[] }) {
  if (events.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">Nothing yet.</p>;
  return (
    <ul
      data-testid="login-history"
      className="divide-y divide-slate-200 rounded-md border border-slate-200 text-sm dark:divide-slate-700 dark:border-slate-700"
    >
      {events.map((e) => (
        <li key={e.id} className="flex flex-wrap justify-between gap-x-4 px-3 py-2">
          <span
            className={
              e.action === "user.sign_in_failed" || e.action === "user.passkey_counter_regressed"
                ? "text-red-700 dark:text-red-300"
                : ""
            }
          >
            {sentence(e)}
          </span>
          <span className="text-slate-500 dark:text-slate-400">
            <time dateTime={e.at}>{formatDate(e.at)}</time>
            {e.where ? ` · ${e.where}` : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}
