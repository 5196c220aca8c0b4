import "server-only";

// The SCIM 2.0 discovery documents (RFC 7643 §5-7, RFC 7644 §4): what this
// server supports, so an identity provider can find out before it sends.

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const MAX_RESULTS = 1_000;

/** A ListResponse (RFC 7644 §3.4.2) of the given resources. */
export const listResponse = <T>(resources: T[], totalResults = resources.length, startIndex = 1) => ({
  schemas: [LIST_SCHEMA],
  totalResults,
  startIndex,
  itemsPerPage: resources.length,
  Resources: resources,
});

export function serviceProviderConfig(base: string) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    documentationUri: `${base.replace(/\/scim\/v2$/, "")}/api-reference`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "Bearer token",
        description: "A SCIM token created by an account admin on the console's Settings page",
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${base}/ServiceProviderConfig` },
  };
}

export function resourceTypes(base: string) {
  return [
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "A member of the account",
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }],
      meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/User` },
    },
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      description: "A group of the account's members",
      schema: GROUP_SCHEMA,
      meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/Group` },
    },
  ];
}

export type Attr = {
  name: string;
  type: "string" | "boolean" | "complex" | "dateTime" | "reference";
  multiValued?: boolean;
  required?: boolean;
  mutability?: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  uniqueness?: "none" | "server";
  subAttributes?: Attr[];
};

const attr = (a: Attr) => ({
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...a,
});

const typed = (name: string) =>
  [
    attr({ name: "value", type: "string" }),
    attr({ name: "type", type: "string" }),
    attr({ name: "primary", type: "boolean" }),
  ].map((a) => ({ ...a, description: `${name} ${a.name}` }));

/** The User attributes this server keeps (their names are the canonical spelling: RFC 7643 §2.1 reads any case). */
export const USER_ATTRIBUTES: Attr[] = [
  { name: "userName", type: "string", required: true, uniqueness: "server" },
  {
    name: "name",
    type: "complex",
    subAttributes: [
      { name: "formatted", type: "string" },
      { name: "familyName", type: "string" },
      { name: "givenName", type: "string" },
      { name: "middleName", type: "string" },
    ],
  },
  { name: "displayName", type: "string" },
  { name: "title", type: "string" },
  { name: "active", type: "boolean" },
  {
    name: "emails",
    type: "complex",
    multiValued: true,
    // The primary email is the person's login: no two members (no two logins) share it, a second is 409.
    subAttributes: typed("email").map((a) => (a.name === "value" ? { ...a, uniqueness: "server" } : a)) as Attr[],
  },
  { name: "phoneNumbers", type: "complex", multiValued: true, subAttributes: typed("phone") as Attr[] },
  { name: "externalId", type: "string" },
  // Kept as sent (custom attributes of the member) and answered back.
  { name: "nickName", type: "string" },
  { name: "profileUrl", type: "reference" },
  { name: "userType", type: "string" },
  { name: "preferredLanguage", type: "string" },
  { name: "locale", type: "string" },
  { name: "timezone", type: "string" },
  {
    name: "addresses",
    type: "complex",
    multiValued: true,
    subAttributes: [
      { name: "formatted", type: "string" },
      { name: "streetAddress", type: "string" },
      { name: "locality", type: "string" },
      { name: "region", type: "string" },
      { name: "postalCode", type: "string" },
      { name: "country", type: "string" },
      { name: "type", type: "string" },
      { name: "primary", type: "boolean" },
    ],
  },
  { name: "ims", type: "complex", multiValued: true, subAttributes: typed("im") as Attr[] },
  { name: "photos", type: "complex", multiValued: true, subAttributes: typed("photo") as Attr[] },
  { name: "entitlements", type: "complex", multiValued: true, subAttributes: typed("entitlement") as Attr[] },
  { name: "roles", type: "complex", multiValued: true, subAttributes: typed("role") as Attr[] },
  { name: "x509Certificates", type: "complex", multiValued: true, subAttributes: typed("certificate") as Attr[] },
];

export const GROUP_ATTRIBUTES: Attr[] = [
  { name: "displayName", type: "string", required: true, uniqueness: "server" },
  {
    name: "members",
    type: "complex",
    multiValued: true,
    subAttributes: [
      { name: "value", type: "string", mutability: "immutable" },
      { name: "display", type: "string", mutability: "readOnly" },
      { name: "$ref", type: "reference", mutability: "immutable" },
    ],
  },
  { name: "externalId", type: "string" },
];

export const ENTERPRISE_ATTRIBUTES: Attr[] = [
  { name: "employeeNumber", type: "string" },
  { name: "department", type: "string" },
  { name: "manager", type: "complex", subAttributes: [{ name: "value", type: "string" }] },
];

export function schemaDocuments(base: string) {
  const doc = (id: string, name: string, attributes: Attr[]) => ({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
    id,
    name,
    attributes: attributes.map((a) => ({ ...attr(a), subAttributes: a.subAttributes?.map(attr) })),
    meta: { resourceType: "Schema", location: `${base}/Schemas/${id}` },
  });
  return [
    doc(USER_SCHEMA, "User", USER_ATTRIBUTES),
    doc(GROUP_SCHEMA, "Group", GROUP_ATTRIBUTES),
    doc(ENTERPRISE_SCHEMA, "EnterpriseUser", ENTERPRISE_ATTRIBUTES),
  ];
}
