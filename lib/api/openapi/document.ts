import "server-only";
import { z } from "zod";
import { EVENT_TYPES } from "../../domain/events/catalogue";
import { errorSchema } from "../../platform/http/responses";
import { idSchema } from "../../platform/validation";
import { eventSchema } from "../events/schemas";
import { OPERATIONS, type Operation, SCHEMA_NAMES, type Schema, TAGS } from "./operations";

// The OpenAPI 3.1 document, generated from the zod schemas the handlers
// validate with. Shared shapes (the JSON value of a custom attribute) live in
// components/schemas, so validators and generators resolve every $ref.

/** OpenAPI 3.1's webhooks: what an endpoint receives for each event type of the catalogue. */
function webhooksSection(schemas: Schemas) {
  const event = schemas.use(eventSchema, "output");
  return Object.fromEntries(
    Object.entries(EVENT_TYPES).map(([type, spec]) => [
      type,
      {
        post: {
          operationId: `on${type.replace(/(^|[._])(\w)/g, (_m, _s, c: string) => c.toUpperCase())}`,
          summary: spec.summary,
          description:
            "Posted to each endpoint subscribed to this type, in sequence order, at least once; headers webhook-id (the event id, the same on every retry), webhook-timestamp and webhook-signature (Standard Webhooks: v1,<base64 HMAC-SHA256 of id.timestamp.body>)",
          tags: [TAGS.events],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  allOf: [
                    event,
                    {
                      type: "object",
                      // The type's own data shape (the catalogue's), beside the shape all events share.
                      properties: {
                        type: { const: type },
                        version: { const: spec.version },
                        data: schemas.use(spec.data, "output"),
                      },
                    },
                  ],
                },
              },
            },
          },
          responses: { "2XX": { description: "Received: the next event follows; anything else is retried" } },
        },
      },
    ]),
  );
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad request: malformed JSON, an unknown parameter or sort field (the message names it)",
  401: "No valid API key or session",
  403: "Your role may not do this, or the request came from another site",
  404: "Not found (resources of other accounts are never visible)",
  409: "Refused by the membership rules (state, last SUPER, yourself, already a member, a name taken) or a retry while the first request with this Idempotency-Key still runs",
  410: "Gone: the link has expired or was already used; for events, the ones asked for are past the retention (the message says where to resume)",
  412: "If-Match does not name the current version",
  413: "Body larger than 64 KiB",
  422: "Invalid input; details name each field",
  429: "Too many requests: wait Retry-After seconds",
  503: "The database is unavailable: retry after Retry-After seconds",
};

const ANY_JSON = { description: "Any JSON value: a string, number, boolean, null, array or object" };

/** JSON Schemas, with every `$defs` entry moved to components/schemas and its references rewritten. */
class Schemas {
  readonly components: Record<string, object> = {};
  private anonymous = 0;

  /** A named shape as a reference to components/schemas; any other inline. */
  use(schema: Schema, io: "input" | "output"): object {
    const name = SCHEMA_NAMES.get(schema);
    if (!name) return this.of(schema, io);
    this.components[name] ??= this.of(schema, io);
    return { $ref: `#/components/schemas/${name}` };
  }

  of(schema: Schema, io: "input" | "output"): object {
    const {
      $schema: _,
      $defs,
      ...rest
    } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
    const names: Record<string, string> = {};
    for (const [name, def] of Object.entries(($defs as Record<string, object>) ?? {})) {
      // zod names recursive shapes __schemaN in each document it makes: the JSON value is
      // recognised by its shape, any other gets a name of its own (never merged with another's).
      const text = JSON.stringify(def);
      const isJson = ["string", "number", "boolean", "null", "array", "object"].every((t) =>
        text.includes(`"type":"${t}"`),
      );
      names[name] = !name.startsWith("__schema") ? name : isJson ? "JsonValue" : `Shape${++this.anonymous}`;
    }
    const rewrite = (v: object) =>
      JSON.parse(
        JSON.stringify(v).replace(
          /"#\/\$defs\/([^"]+)"/g,
          (_m, n: string) => `"#/components/schemas/${names[n] ?? n}"`,
        ),
      );
    for (const [name, def] of Object.entries(($defs as Record<string, object>) ?? {})) {
      // Any JSON value: said without recursion, which generated TypeScript types cannot express.
      this.components[names[name]] ??= names[name] === "JsonValue" ? ANY_JSON : rewrite(def);
    }
    return rewrite(rest);
  }

  /** The form version of a body: every value a string, lists as serialized JSON. */
  form(schema: Schema) {
    const json = this.of(schema, "input") as {
      properties?: Record<string, { type?: unknown; description?: string }>;
      required?: string[];
    };
    const properties: Record<string, object> = {};
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      const isList = prop.type === "array";
      properties[name] = {
        type: "string",
        ...((isList ? "A serialized JSON array" : prop.description)
          ? { description: isList ? "A serialized JSON array" : prop.description }
          : {}),
      };
    }
    return { type: "object", properties, required: json.required ?? [] };
  }
}

const ref = (kind: "headers" | "parameters" | "schemas", name: string) => ({ $ref: `#/components/${kind}/${name}` });

/** The IETF RateLimit header fields every answer carries (draft-ietf-httpapi-ratelimit-headers). */
const RATE_LIMIT_HEADERS = {
  "RateLimit-Limit": ref("headers", "RateLimit-Limit"),
  "RateLimit-Remaining": ref("headers", "RateLimit-Remaining"),
  "RateLimit-Reset": ref("headers", "RateLimit-Reset"),
};

/** Every status an operation can answer: its own, and those every operation of its kind can. */
function statusesOf(op: Operation): number[] {
  const all = new Set([...op.errors, 400, 429, 503]);
  if (!op.public) for (const s of [401, 403]) all.add(s);
  if (op.body) for (const s of [413, 422]) all.add(s);
  if (op.path.includes("{id}")) for (const s of [404, 422]) all.add(s);
  if (op.ifMatch) all.add(412);
  if (op.idempotent) for (const s of [409, 422]) all.add(s);
  // Seed 001 documents 400 for every invalid input.
  if (op.tag === TAGS.org) all.delete(422);
  return [...all].sort((a, b) => a - b);
}

function parametersOf(op: Operation, schemas: Schemas): object[] {
  const parameters: object[] = [];
  if (op.path.includes("{id}")) parameters.push(ref("parameters", "id"));
  const named = { sessionId: "A session's id", testId: "A test sign-in's id (from the test's redirect)" };
  for (const [name, description] of Object.entries(named)) {
    if (op.path.includes(`{${name}}`)) {
      parameters.push({ name, in: "path", required: true, schema: { type: "string" }, description });
    }
  }
  if (op.ifMatch) parameters.push(ref("parameters", "If-Match"));
  if (op.idempotent) parameters.push(ref("parameters", "Idempotency-Key"));
  if (op.query) {
    const json = schemas.of(op.query, "input") as { properties?: Record<string, object>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      // A parameter's words and serialization belong to the parameter, its type to the schema.
      const { description, style, ...schema } = property as { description?: string; style?: string };
      parameters.push({
        name,
        in: "query",
        required: json.required?.includes(name) ?? false,
        ...(style ? { style, explode: true } : {}),
        schema,
        ...(description ? { description } : {}),
      });
    }
  }
  return parameters;
}

function responsesOf(op: Operation, schemas: Schemas): Record<string, object> {
  const okHeaders: Record<string, object> = { ...RATE_LIMIT_HEADERS };
  if (op.ok.etag) okHeaders.ETag = ref("headers", "ETag");
  if (op.ok.status === 201 && op.ok.location !== false) okHeaders.Location = ref("headers", "Location");
  if (op.idempotent) okHeaders["Idempotency-Replayed"] = ref("headers", "Idempotency-Replayed");
  const content = op.ok.schema
    ? { [op.ok.contentType ?? "application/json"]: { schema: schemas.use(op.ok.schema, "output") } }
    : op.ok.contentType
      ? { [op.ok.contentType]: { schema: op.ok.contentType === "application/json" ? {} : { type: "string" } } }
      : undefined;
  const responses: Record<string, object> = {
    [op.ok.status]: { description: op.ok.description, headers: okHeaders, ...(content ? { content } : {}) },
  };
  for (const status of statusesOf(op)) {
    const retry = status === 429 || status === 503;
    responses[status] = {
      description: STATUS_TEXT[status],
      headers: retry ? { ...RATE_LIMIT_HEADERS, "Retry-After": ref("headers", "Retry-After") } : RATE_LIMIT_HEADERS,
      content: {
        "application/json": {
          schema: op.tag === TAGS.graphql ? ref("schemas", "GraphQLError") : ref("schemas", "Error"),
        },
      },
    };
  }
  return responses;
}

const DESCRIPTION = `Manage the people of an account.

Authenticate with an API key: \`Authorization: Bearer <keyId>.<secret>\`, \`X-API-Key: <keyId>.<secret>\`, \`X-API-Key: <keyId>\` with \`X-API-Secret: <secret>\`, or \`admin_api_key: <keyId>.<secret>\`. The console's session cookie works too (writes only from the console's own origin).

Errors answer \`{error, code, details}\`; every answer carries the RateLimit header fields.

**GraphQL** (seed 002) is served at \`POST /api/graphql\` with the same keys; its schema is at \`GET /api/graphql/schema.graphql\`, and introspection works.

**SCIM 2.0** (RFC 7643/7644) for identity providers is served under \`/scim/v2\` with a SCIM token (\`Authorization: Bearer <token>\`, created on the console's Settings page). It describes itself through its own discovery endpoints — \`/scim/v2/ServiceProviderConfig\`, \`/scim/v2/ResourceTypes\` and \`/scim/v2/Schemas\` — as RFC 7644 §4 specifies, so it is not repeated here.`;

let cached: object | undefined;

export function openApiDocument(): object {
  if (cached) return cached;
  const schemas = new Schemas();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const parameters = parametersOf(op, schemas);
    paths[op.path] ??= {};
    paths[op.path][op.method] = {
      operationId: op.id,
      summary: op.summary,
      tags: [op.tag],
      ...(op.public ? { security: [] } : op.sessionOnly ? { security: [{ session: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: {
                "application/json": { schema: schemas.use(op.body, "input") },
                ...(op.form ? { "application/x-www-form-urlencoded": { schema: schemas.form(op.body) } } : {}),
              },
            },
          }
        : {}),
      responses: responsesOf(op, schemas),
    };
  }
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Roster API",
      version: "1.0.0",
      description: DESCRIPTION,
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }, { apiKey: [] }, { splitKey: [], splitSecret: [] }, { adminApiKey: [] }, { session: [] }],
    tags: [
      { name: TAGS.records, description: "Seed 003's records dialect (camelCase)" },
      { name: TAGS.account, description: "Seed 000's account dialect (snake_case)" },
      { name: TAGS.org, description: "Seed 001's organization dialect: JSON or form bodies" },
      { name: TAGS.groups, description: "The account's groups and policies" },
      { name: TAGS.members, description: "The console's member table and its CSV export" },
      { name: TAGS.audit, description: "Who changed what, when: the account's audit events" },
      { name: TAGS.join, description: "Public: anyone may ask to join an account" },
      { name: TAGS.graphql, description: "Seed 002's GraphQL API" },
      { name: TAGS.reference, description: "This document" },
      {
        name: TAGS.domains,
        description:
          "The account's email domains, proved by a DNS TXT record; a verified domain belongs to one account at a time and is re-checked daily",
      },
      {
        name: TAGS.events,
        description:
          "Every audited change of the account as an event with a per-account sequence number: read from any point still kept (ROSTER_EVENT_RETENTION_DAYS)",
      },
      {
        name: TAGS.signIn,
        description:
          "Signing in (JSON, for scripts and the console alike), your second factors and sessions (your console session only), and the account's 2-step policy",
      },
      {
        name: "SCIM 2.0",
        description:
          "Provisioning for identity providers under /scim/v2, described by its own discovery endpoints (RFC 7644 §4)",
        externalDocs: { url: "https://www.rfc-editor.org/rfc/rfc7644#section-4", description: "RFC 7644 §4" },
      },
    ],
    paths,
    webhooks: webhooksSection(schemas),
    components: {
      schemas: {
        ...schemas.components,
        Error: schemas.of(errorSchema, "output"),
        GraphQLError: {
          type: "object",
          properties: {
            errors: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  message: { type: "string" },
                  extensions: { type: "object", properties: { code: { type: "string" } } },
                },
                required: ["message"],
              },
            },
          },
          required: ["errors"],
        },
      },
      parameters: {
        id: {
          name: "id",
          in: "path",
          required: true,
          schema: schemas.of(idSchema, "input"),
          description: "The resource's id",
        },
        "If-Match": {
          name: "If-Match",
          in: "header",
          required: false,
          schema: { type: "string" },
          description: "Apply only if the resource still has this ETag (else 412); `*` matches any version",
        },
        "Idempotency-Key": {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7e]+$" },
          description:
            "A retry with the same key and body gets the first answer again (kept 24 hours); the same key with another body is a 422, a retry while the first still runs a 409",
        },
      },
      headers: {
        "RateLimit-Limit": {
          description:
            "Requests allowed in the current window (the tightest limit that applies: per key or person, else per address)",
          schema: { type: "integer" },
        },
        "RateLimit-Remaining": { description: "Requests left in the current window", schema: { type: "integer" } },
        "RateLimit-Reset": { description: "Seconds until the window resets", schema: { type: "integer" } },
        "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "integer" } },
        ETag: { description: "The resource's version, for If-Match", required: true, schema: { type: "string" } },
        Location: { description: "The new resource's URL", required: true, schema: { type: "string" } },
        "Idempotency-Replayed": {
          description: "true when this answer replays the first request with the same Idempotency-Key",
          schema: { type: "string", enum: ["true"] },
        },
      },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "`<keyId>.<secret>`" },
        apiKey: {
          type: "apiKey",
          in: "header",
          name: "X-API-Key",
          description: "`<keyId>.<secret>`, or the key id with X-API-Secret",
        },
        splitKey: { type: "apiKey", in: "header", name: "X-API-Key" },
        splitSecret: { type: "apiKey", in: "header", name: "X-API-Secret" },
        adminApiKey: { type: "apiKey", in: "header", name: "admin_api_key" },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "The console's session",
        },
      },
    },
  };
  return cached;
}
