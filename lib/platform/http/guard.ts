import "server-only";
import { isDomainError } from "../errors";
import { clientIp, limitKey } from "../limits/client-ip";
import { assertUnder, enforce, type LimitState, limits, tighter, withRateLimitHeaders } from "../limits/rate-limit";
import { assertSameOrigin } from "./same-origin";

/** How one dialect's entry points authenticate and answer errors. */
export interface GuardSpec<A> {
  /** Who is calling (throws to refuse); public entry points answer null. */
  authenticate(req: Request): Promise<A>;
  /** The per-caller limit's key and size, after authentication (none: the address limit only). */
  callerLimit?(actor: A): { key: string; limit: number } | null;
  /** Whether this request rides on the session cookie (writes must then come from this site). */
  cookieAuthenticated?(req: Request, actor: A): boolean;
  /** Any thrown value in the dialect's error shape. */
  toError(e: unknown): Response;
  /**
   * A valid credential's requests count against the caller limit only, not the
   * address's (SCIM: a provider's one address sends the account's whole sync).
   * Failed authentications still count against the address, and an address
   * over its limit is refused before any credential is checked.
   */
  callerLimitOnly?: boolean;
}

/**
 * The one guard every entry point passes: the per-address limit before
 * authentication, the per-caller limit after, same-origin for cookie
 * writes, the dialect's error shape for anything thrown, and the RateLimit
 * header fields on every answer. Route files only say which dialect.
 */
export function guard<A, P>(spec: GuardSpec<A>, handler: (req: Request, actor: A, params: P) => Promise<Response>) {
  return async (req: Request, ctx?: { params?: Promise<P> }): Promise<Response> => {
    let state: LimitState | null = null;
    try {
      const address = `ip:${limitKey(clientIp(req.headers))}`;
      let actor: A;
      if (spec.callerLimitOnly) {
        assertUnder(address, limits().perIp);
        actor = await spec.authenticate(req).catch(async (e) => {
          state = await enforce(address, limits().perIp);
          throw e;
        });
      } else {
        state = await enforce(address, limits().perIp);
        actor = await spec.authenticate(req);
      }
      if (spec.cookieAuthenticated?.(req, actor)) assertSameOrigin(req);
      const caller = spec.callerLimit?.(actor);
      if (caller) state = tighter(state, await enforce(caller.key, caller.limit));
      const params = (await ctx?.params) ?? ({} as P);
      return withRateLimitHeaders(await handler(req, actor, params), state);
    } catch (e) {
      const refused = isDomainError(e) && e.rateLimit ? e.rateLimit : state;
      return withRateLimitHeaders(spec.toError(e), refused);
    }
  };
}

/** Whether a request carries the console's session cookie. */
export const hasSessionCookie = (req: Request) =>
  /(^|;\s*)(__Secure-)?next-auth\.session-token=/.test(req.headers.get("cookie") ?? "");
