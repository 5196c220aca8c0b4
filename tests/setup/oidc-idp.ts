// An OpenID Connect identity provider in the test process: oidc-provider (an
// independent, certified implementation) on a loopback port, with fixture
// people and a login step without UI (its development interactions, driven by
// HTTP). `signInAt` plays the browser: it follows the redirects with a cookie
// jar and answers the URL the IdP sends the browser back to.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export interface IdpPerson {
  /** How they signed in at the IdP (the id token's amr), e.g. ["pwd", "mfa"]. */
  amr?: string[];
  email?: string;
  email_verified?: boolean;
  given_name?: string;
  family_name?: string;
  name?: string;
  [claim: string]: unknown;
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  people: Map<string, IdpPerson>;
  /** Replaces the signing key (same issuer and port): a rotation. */
  rotateKey(): Promise<void>;
  close(): Promise<void>;
}

interface Options {
  /** Redirect URIs the client may use (any Roster connection's callback: ids are known only later). */
  redirectUri: RegExp;
  /** Seconds an id token lives (default an hour). */
  idTokenTtl?: number;
  /** Holds each token answer back this long after issuing it (an id token that expires on the way). */
  tokenDelayMs?: number;
  port?: number;
}

const signingKey = () => {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid: randomBytes(6).toString("hex"), use: "sig", alg: "RS256" };
};

export async function startIdp(opts: Options): Promise<TestIdp> {
  const people = new Map<string, IdpPerson>();
  const clientId = `roster-${randomBytes(4).toString("hex")}`;
  const clientSecret = randomBytes(24).toString("base64url");
  // One server for the IdP's life; a key rotation swaps the provider behind it
  // (closing the server would break the test's pooled keep-alive sockets).
  let handler: ReturnType<Provider["callback"]> | null = null;
  const server = createServer((req, res) => handler?.(req, res));
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const build = (key: ReturnType<typeof signingKey>) => {
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: ["http://127.0.0.1/placeholder"],
          grant_types: ["authorization_code"],
          response_types: ["code"],
        },
      ],
      jwks: { keys: [key as never] },
      cookies: { keys: [randomBytes(16).toString("hex")] },
      claims: {
        openid: ["sub", "amr", "acr", "auth_time"],
        email: ["email", "email_verified"],
        profile: ["given_name", "family_name", "name", "title", "department"],
      },
      features: { devInteractions: { enabled: true } },
      pkce: { required: () => true },
      ttl: { IdToken: opts.idTokenTtl ?? 3600 },
      findAccount: (_ctx, sub) => {
        const person = people.get(sub);
        if (!person) return undefined;
        const { amr: _amr, ...claims } = person;
        return { accountId: sub, claims: () => ({ sub, ...claims }) };
      },
      // Every scope asked is granted: the consent step is not what these tests are about.
      loadExistingGrant: async (ctx) => {
        const found = ctx.oidc.session?.grantIdFor(ctx.oidc.client?.clientId ?? "");
        if (found) return ctx.oidc.provider.Grant.find(found);
        const grant = new ctx.oidc.provider.Grant({
          clientId: ctx.oidc.client?.clientId,
          accountId: ctx.oidc.session?.accountId,
        });
        grant.addOIDCScope("openid email profile");
        await grant.save();
        return grant;
      },
    });
    // The login step: the person named by `login`, with how they signed in there (`amr`) when the fixture says.
    provider.use(async (ctx, next) => {
      if (ctx.method !== "POST" || !/^\/interaction\/[^/]+$/.test(ctx.path)) return next();
      const chunks: Buffer[] = [];
      for await (const c of ctx.req) chunks.push(c as Buffer);
      const login = new URLSearchParams(Buffer.concat(chunks).toString()).get("login") ?? "";
      const amr = people.get(login)?.amr;
      ctx.respond = false;
      await provider.interactionFinished(
        ctx.req,
        ctx.res,
        { login: { accountId: login, ...(Array.isArray(amr) ? { amr } : {}) } },
        { mergeWithLastSubmission: false },
      );
    });
    if (opts.tokenDelayMs) {
      provider.use(async (ctx, next) => {
        await next();
        if (ctx.path === "/token") await new Promise((r) => setTimeout(r, opts.tokenDelayMs));
      });
    }
    provider.Client.prototype.redirectUriAllowed = (uri: string) => opts.redirectUri.test(uri);
    handler = provider.callback();
  };

  build(signingKey());
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    issuer,
    clientId,
    clientSecret,
    people,
    rotateKey: async () => build(signingKey()),
    close,
  };
}

/** A tiny cookie jar: name=value per host. */
export class CookieJar {
  private jar = new Map<string, Map<string, string>>();
  store(url: string, res: Response) {
    const host = new URL(url).host;
    const cookies = this.jar.get(host) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(host, cookies);
  }
  header(url: string): string {
    const cookies = this.jar.get(new URL(url).host);
    return cookies ? [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") : "";
  }
  get(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).host)?.get(name);
  }
}

/**
 * Plays a browser at the IdP: opens `authUrl`, signs in as `sub`, and answers
 * the URL the IdP sends the browser back to (the callback with code and state),
 * without following it there.
 */
export async function signInAt(authUrl: string, sub: string, jar = new CookieJar()): Promise<URL> {
  let url = authUrl;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, { redirect: "manual", headers: { cookie: jar.header(url) } });
    jar.store(url, res);
    const location = res.headers.get("location");
    if (res.status === 200 && new URL(url).pathname.startsWith("/interaction/")) {
      const post = await fetch(url, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: jar.header(url), "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ prompt: "login", login: sub, password: "any" }),
      });
      jar.store(url, post);
      url = new URL(post.headers.get("location") ?? "", url).toString();
      continue;
    }
    if (!location) throw new Error(`the IdP answered ${res.status} at ${url}: ${(await res.text()).slice(0, 300)}`);
    const next = new URL(location, url);
    if (next.host !== new URL(authUrl).host) return next;
    url = next.toString();
  }
  throw new Error("too many redirects at the IdP");
}
