import "server-only";
import { badRequest } from "./errors";
import {
  type Attr,
  ENTERPRISE_ATTRIBUTES,
  ENTERPRISE_SCHEMA,
  GROUP_ATTRIBUTES,
  GROUP_SCHEMA,
  USER_ATTRIBUTES,
  USER_SCHEMA,
} from "./schemas";

// Attribute names in any case (RFC 7643 §2.1: they are case-insensitive),
// brought to the spelling of our Schemas documents before anything reads a
// resource or a PATCH path, so "ACTIVE" deprovisions like "active" does.

interface Named {
  name: string;
  sub: Map<string, string>;
}
type Names = Map<string, Named>;

const COMMON: Attr[] = [
  { name: "schemas", type: "string" },
  { name: "id", type: "string" },
  {
    name: "meta",
    type: "complex",
    subAttributes: ["resourceType", "created", "lastModified", "location", "version"].map((name) => ({
      name,
      type: "string" as const,
    })),
  },
];

const namesOf = (attrs: Attr[]): Names =>
  new Map(
    [...COMMON, ...attrs].map((a) => [
      a.name.toLowerCase(),
      { name: a.name, sub: new Map((a.subAttributes ?? []).map((s) => [s.name.toLowerCase(), s.name])) },
    ]),
  );

const RESOURCES = {
  User: { schema: USER_SCHEMA, names: namesOf(USER_ATTRIBUTES), extension: namesOf(ENTERPRISE_ATTRIBUTES) },
  Group: { schema: GROUP_SCHEMA, names: namesOf(GROUP_ATTRIBUTES), extension: null },
} as const;
export type ResourceKind = keyof typeof RESOURCES;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** An object's keys in their canonical spelling; two keys that are one name in two cases are refused. */
function renameKeys(value: Record<string, unknown>, rename: (key: string) => [string, (v: unknown) => unknown]) {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const [name, inner] = rename(key);
    if (Object.hasOwn(out, name)) throw badRequest("invalidSyntax", `${name} is given twice (as ${key} too)`);
    out[name] = inner(v);
  }
  return out;
}

const withSubNames = (sub: Map<string, string>) => (v: unknown) => {
  if (sub.size === 0) return v;
  const one = (item: unknown) =>
    isObject(item) ? renameKeys(item, (k) => [sub.get(k.toLowerCase()) ?? k, (x) => x]) : item;
  return Array.isArray(v) ? v.map(one) : one(v);
};

/** A resource body (POST, PUT, or a PATCH value without a path) with every attribute name spelled as ours. */
export function canonicalResource(kind: ResourceKind, body: Record<string, unknown>): Record<string, unknown> {
  const { names, extension } = RESOURCES[kind];
  return renameKeys(body, (key) => {
    if (extension && key.toLowerCase() === ENTERPRISE_SCHEMA.toLowerCase()) {
      return [
        ENTERPRISE_SCHEMA,
        (v) =>
          isObject(v)
            ? renameKeys(v, (k) => {
                const n = extension.get(k.toLowerCase());
                return n ? [n.name, withSubNames(n.sub)] : [k, (x) => x];
              })
            : v,
      ];
    }
    const n = names.get(key.toLowerCase());
    return n ? [n.name, withSubNames(n.sub)] : [key, (x) => x];
  });
}

const QUOTED = /("(?:[^"\\]|\\.)*")/;
const FILTER_ATTRIBUTE = /([A-Za-z$][\w$-]*)(\s+(?:eq|ne|co|sw|ew|gt|ge|lt|le|pr)\b)/gi;

/** The attribute names in a value filter (`type eq "work"`), outside its quoted values. */
const canonicalFilter = (filter: string, sub: Map<string, string>) =>
  filter
    .split(QUOTED)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(
            FILTER_ATTRIBUTE,
            (_, name: string, rest: string) => `${sub.get(name.toLowerCase()) ?? name}${rest}`,
          ),
    )
    .join("");

/**
 * A PATCH path (RFC 7644 §3.5.2) in our spelling: `attr`, `attr.sub`,
 * `attr[filter]`, `attr[filter].sub`, with or without its schema's URN. A
 * top-level name we do not know is left for the caller to refuse
 * (invalidPath); an unknown sub-attribute of a known one is refused here.
 */
export function canonicalPath(kind: ResourceKind, path: string): string {
  const { schema, names, extension } = RESOURCES[kind];
  let rest = path;
  let prefix = "";
  let table: Names = names;
  if (rest.toLowerCase().startsWith(`${schema.toLowerCase()}:`)) rest = rest.slice(schema.length + 1);
  else if (extension && rest.toLowerCase().startsWith(`${ENTERPRISE_SCHEMA.toLowerCase()}:`)) {
    rest = rest.slice(ENTERPRISE_SCHEMA.length + 1);
    prefix = `${ENTERPRISE_SCHEMA}:`;
    table = extension;
  }
  const m = rest.match(/^([A-Za-z$][\w$-]*)(?:\[(.*)\])?(?:\.([A-Za-z$][\w$-]*))?$/s);
  if (!m) return path;
  const [, top, filter, sub] = m;
  const named = table.get(top.toLowerCase());
  if (!named) return path;
  const subName = (s: string) => {
    const found = named.sub.get(s.toLowerCase());
    if (!found) throw badRequest("invalidPath", `${named.name} has no sub-attribute ${s}`);
    return found;
  };
  return `${prefix}${named.name}${filter !== undefined ? `[${canonicalFilter(filter, named.sub)}]` : ""}${sub !== undefined ? `.${subName(sub)}` : ""}`;
}
