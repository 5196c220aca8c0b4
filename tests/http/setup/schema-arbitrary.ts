// Bodies shaped like what an operation takes — its documented properties, with
// values both plausible (real ids and emails, role names) and hostile — so the
// fuzz reaches the domain's rules instead of stopping at the JSON parser.
import fc from "fast-check";

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
};

export interface Plausible {
  ids: number[];
  emails: string[];
  hostile: fc.Arbitrary<unknown>;
}

const ROLES = ["GUEST", "REGULAR", "USER", "DEVELOPER", "ADMIN", "SUPER", "OWNER", "admin"];

export function fromSchema(
  schema: Schema,
  components: Record<string, Schema>,
  p: Plausible,
  name = "",
  depth = 0,
): fc.Arbitrary<unknown> {
  if (schema.$ref)
    return fromSchema(components[schema.$ref.split("/").pop() as string] ?? {}, components, p, name, depth);
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return fc.oneof(...options.map((s) => fromSchema(s, components, p, name, depth)), p.hostile);
  if (schema.enum) return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...schema.enum) }, p.hostile);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const id = fc.constantFrom(...p.ids);
  switch (type) {
    case "object": {
      if (depth > 3 || !schema.properties) return fc.dictionary(fc.string({ maxLength: 8 }), p.hostile, { maxKeys: 3 });
      const props = Object.fromEntries(
        Object.entries(schema.properties).map(([k, s]) => [k, fromSchema(s, components, p, k, depth + 1)]),
      );
      return fc.record(props, { requiredKeys: [] });
    }
    case "array":
      return fc.array(fromSchema(schema.items ?? {}, components, p, name, depth + 1), { maxLength: 3 });
    case "integer":
    case "number":
      return fc.oneof({ weight: 3, arbitrary: id }, fc.integer({ min: -2, max: 2 ** 31 }), p.hostile);
    case "string":
      if (/email/i.test(name))
        return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...p.emails) }, fc.emailAddress(), p.hostile);
      if (/role|rank|type|tag/i.test(name))
        return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ROLES) }, p.hostile);
      if (/_id$|Id$/.test(name)) return fc.oneof({ weight: 3, arbitrary: id.map(String) }, p.hostile);
      return fc.oneof(
        { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
        fc.constantFrom("", " ", "Ada", "12345"),
        p.hostile,
      );
    case "boolean":
      return fc.oneof(fc.boolean(), p.hostile);
    case "null":
      return fc.constant(null);
    default:
      return p.hostile;
  }
}

/** GraphQL documents of seed 002's operations with generated arguments. */
export function graphqlBodies(p: Plausible, uids: string[]): fc.Arbitrary<unknown> {
  const str = fc.oneof(fc.constantFrom(...p.emails, ...uids), fc.string({ maxLength: 12 }));
  const role = fc.constantFrom(...ROLES);
  return fc.oneof(
    fc.tuple(str, role).map(([e, r]) => ({
      query: `mutation { inviteUser(email: ${JSON.stringify(e)}, accountType: ${r}) { ok reason code } }`,
    })),
    fc.tuple(str, role).map(([u, r]) => ({
      query: `mutation { updateUserAccountType(uid: ${JSON.stringify(u)}, accountType: ${r}) { ok code } }`,
    })),
    str.map((u) => ({ query: `mutation { disableUser(uid: ${JSON.stringify(u)}) { ok code } }` })),
    fc.tuple(fc.integer({ min: -1, max: 1000 }), fc.integer({ min: -1, max: 1000 })).map(([page, perPage]) => ({
      query: `{ listUsers(page: ${page}, perPage: ${perPage}) { ok totalActiveUsers activeUsers { uid email } } }`,
    })),
  );
}

/** SCIM resources and PATCH operations as identity providers send them, with generated values. */
/** A name in any mix of cases (SCIM attribute names are case-insensitive: RFC 7643 §2.1). */
export const anyCase = (names: fc.Arbitrary<string>) =>
  names.chain((s) =>
    fc
      .array(fc.boolean(), { minLength: s.length, maxLength: s.length })
      .map((upper) => [...s].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join("")),
  );

const SCIM_PATHS = [
  "active",
  "members",
  'members[value eq "1"]',
  "title",
  "userName",
  "id",
  "meta",
  "name.givenName",
  'emails[type eq "work"].value',
  "phoneNumbers",
  "roles",
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
  "urn:ietf:params:scim:schemas:core:2.0:User:displayName",
  "nosuch",
  "name.nosuch",
];

export function scimBodies(p: Plausible): fc.Arbitrary<unknown> {
  const value = fc.oneof(fc.constantFrom(...p.emails), fc.constantFrom(...p.ids.map(String)), p.hostile);
  return fc.oneof(
    // A resource whose attribute names come in any case.
    fc.dictionary(
      anyCase(fc.constantFrom("schemas", "userName", "active", "title", "displayName", "name", "emails")),
      value,
      {
        maxKeys: 4,
      },
    ),
    fc.record(
      {
        schemas: fc.constant(["urn:ietf:params:scim:schemas:core:2.0:User"]),
        userName: value,
        active: fc.oneof(fc.boolean(), p.hostile),
        name: fc.record({ givenName: value, familyName: value }, { requiredKeys: [] }),
        emails: fc.array(fc.record({ value, primary: fc.boolean() }, { requiredKeys: [] }), { maxLength: 2 }),
      },
      { requiredKeys: ["schemas"] },
    ),
    fc.record(
      {
        schemas: fc.constant(["urn:ietf:params:scim:schemas:core:2.0:Group"]),
        displayName: value,
        members: fc.array(fc.record({ value }), { maxLength: 3 }),
      },
      { requiredKeys: ["schemas"] },
    ),
    fc.record({
      schemas: fc.constant(["urn:ietf:params:scim:api:messages:2.0:PatchOp"]),
      Operations: fc.array(
        fc.record(
          {
            op: fc.constantFrom("add", "replace", "remove", "Replace", "bogus"),
            path: fc.oneof(fc.constantFrom(...SCIM_PATHS), anyCase(fc.constantFrom(...SCIM_PATHS))),
            value: fc.oneof(
              value,
              fc.array(fc.record({ value }), { maxLength: 2 }),
              fc.dictionary(anyCase(fc.constantFrom("active", "title", "displayName", "members")), value, {
                maxKeys: 3,
              }),
            ),
          },
          { requiredKeys: ["op"] },
        ),
        { maxLength: 3 },
      ),
    }),
  );
}
