// Every answer the HTTP suites see from a documented operation is held against
// the served OpenAPI document: an undocumented status, a missing or extra field
// or a wrong type, a missing required header (ETag, Location) fails the test
// that received it.
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";

interface Response {
  content?: Record<string, { schema?: object }>;
  headers?: Record<string, { $ref?: string; required?: boolean }>;
}
type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, Response> }>>;
  components: { headers?: Record<string, { required?: boolean }> };
};

let doc: Promise<Doc> | undefined;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validators = new Map<string, ValidateFunction>();
const templates = new Map<string, RegExp>();

function templateFor(path: string): RegExp {
  let re = templates.get(path);
  if (!re) {
    re = new RegExp(`^${path.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}$`);
    templates.set(path, re);
  }
  return re;
}

/** The documented operation a request reached (literal paths win over templated ones), or null. */
function operationOf(d: Doc, method: string, pathname: string) {
  const candidates = Object.keys(d.paths).filter((p) => templateFor(p).test(pathname));
  const path = candidates.find((p) => !p.includes("{")) ?? candidates[0];
  const op = path ? d.paths[path][method.toLowerCase()] : undefined;
  return op && path ? { path, op } : null;
}

export async function checkContract(
  baseUrl: string,
  method: string,
  urlPath: string,
  status: number,
  headers: Headers,
  body: unknown,
): Promise<void> {
  doc ??= fetch(`${baseUrl}/api/v1/openapi.json`).then((r) => r.json() as Promise<Doc>);
  const d = await doc;
  const pathname = new URL(urlPath, baseUrl).pathname;
  const found = operationOf(d, method, pathname);
  if (!found) return; // SCIM, auth, the console: described elsewhere
  const where = `${method} ${found.path} → ${status}`;
  const response = found.op.responses[String(status)];
  if (!response) throw new Error(`contract: ${where} is not documented`);
  // Headers the document says are always there (ETag, Location) must be.
  for (const [name, h] of Object.entries(response.headers ?? {})) {
    const declared = h.$ref ? d.components.headers?.[h.$ref.split("/").pop() as string] : h;
    if (declared?.required && !headers.has(name)) throw new Error(`contract: ${where} lacks the ${name} header`);
  }
  const type = (headers.get("content-type") ?? "").split(";")[0].trim();
  if (status === 204 || !response.content) return;
  const media = response.content[type];
  if (!media)
    throw new Error(
      `contract: ${where} answered ${type || "no content type"}, documented ${Object.keys(response.content).join(", ")}`,
    );
  if (!media.schema || type !== "application/json") return;
  const key = `${method} ${found.path} ${status}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile({ ...media.schema, components: d.components });
    validators.set(key, validate);
  }
  if (!validate(body)) {
    const problems = (validate.errors ?? [])
      .slice(0, 5)
      .map(
        (e) =>
          `${e.instancePath || "/"} ${e.message}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`,
      );
    throw new Error(`contract: ${where} does not match the document: ${problems.join("; ")}`);
  }
}
