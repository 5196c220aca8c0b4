import { printSchema } from "graphql";
import type { Metadata } from "next";
import { schema } from "@/lib/api/graphql/schema";
import { openApiDocument } from "@/lib/api/openapi/document";

export const metadata: Metadata = { title: "API reference" };

type Op = {
  summary: string;
  tags: string[];
  parameters?: { name: string; in: string; description?: string; schema: unknown }[];
  requestBody?: { content: { "application/json": { schema: unknown } } };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};

const METHOD_STYLE: Record<string, string> = {
  get: "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100",
  post: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  put: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  patch: "bg-violet-100 text-violet-900 dark:bg-violet-900 dark:text-violet-100",
  delete: "bg-rose-100 text-rose-900 dark:bg-rose-900 dark:text-rose-100",
};

type Doc = { info: { description: string }; paths: Record<string, Record<string, Op>>; components: object };

/** The document with every `$ref` replaced by what it names, for reading (no shape refers to itself). */
function inlined(doc: Doc): Doc {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== "object") return v;
    const ref = (v as { $ref?: string }).$ref;
    if (ref)
      return walk(
        ref
          .split("/")
          .slice(1)
          .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], doc),
      );
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
  };
  return { ...doc, paths: walk(doc.paths) as Doc["paths"] };
}

/** `code` spans of the document's Markdown as <code>; the rest as text. */
function inlineCode(text: string) {
  return text.split("`").map((part, i) =>
    i % 2 ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string
      <code key={i} className="rounded bg-slate-100 px-1 font-mono text-xs dark:bg-slate-800">
        {part}
      </code>
    ) : (
      part
    ),
  );
}

const GRAPHQL_EXAMPLE = `curl -s http://localhost:3000/api/graphql \\
  -H "Authorization: Bearer $ROSTER_API_KEY" -H "Content-Type: application/json" \\
  -d '{"query": "{ listUsers(page: 1, perPage: 10) { ok reason totalActiveUsers activeUsers { uid email accountType } } }"}'`;

const GRAPHQL_MUTATION = `mutation {
  inviteUser(email: "ada@example.com", accountType: REGULAR) { ok reason code }
}`;

export default function ApiReferencePage() {
  const doc = inlined(openApiDocument() as Doc);
  const sdl = printSchema(schema);
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  const tags = [...new Set(ops.map((o) => o.op.tags[0]))];
  return (
    <section aria-labelledby="api-heading" className="space-y-6">
      <div>
        <h1 id="api-heading" className="text-2xl font-semibold tracking-tight">
          API reference
        </h1>
        {doc.info.description.split("\n\n").map((para) => (
          <p key={para} className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">
            {inlineCode(para.replaceAll("**", ""))}
          </p>
        ))}
        <p className="mt-1 text-sm">
          Machine-readable:{" "}
          <a className="text-indigo-700 underline dark:text-indigo-300" href="/api/v1/openapi.json">
            /api/v1/openapi.json
          </a>{" "}
          (OpenAPI 3.1) ·{" "}
          <a className="text-indigo-700 underline dark:text-indigo-300" href="/api/graphql/schema.graphql">
            /api/graphql/schema.graphql
          </a>{" "}
          (GraphQL SDL)
        </p>
      </div>
      <div>
        <h2 className="text-lg font-semibold">GraphQL</h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">
          POST /api/graphql with the same API keys. Every mutation answers ok, and reason and code when it was refused.
        </p>
        <h3 className="mt-2 text-sm font-medium">A query with curl</h3>
        <pre className="mt-1 overflow-auto rounded bg-slate-50 p-2 text-xs dark:bg-slate-950">{GRAPHQL_EXAMPLE}</pre>
        <h3 className="mt-2 text-sm font-medium">A mutation</h3>
        <pre className="mt-1 overflow-auto rounded bg-slate-50 p-2 text-xs dark:bg-slate-950">{GRAPHQL_MUTATION}</pre>
        <details className="mt-2 rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <summary className="cursor-pointer px-4 py-2 text-sm font-medium">Schema (SDL)</summary>
          <pre className="max-h-96 overflow-auto border-t border-slate-200 p-3 text-xs dark:border-slate-800">
            {sdl}
          </pre>
        </details>
      </div>
      {tags.map((tag) => (
        <div key={tag}>
          <h2 className="text-lg font-semibold">{tag}</h2>
          <ul className="mt-2 space-y-2">
            {ops
              .filter((o) => o.op.tags[0] === tag)
              .map(({ path, method, op }) => (
                <li
                  key={`${method} ${path}`}
                  className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
                >
                  <details>
                    <summary className="flex cursor-pointer flex-wrap items-center gap-3 px-4 py-2">
                      <span
                        className={`w-16 rounded px-2 py-0.5 text-center font-mono text-xs font-bold uppercase ${METHOD_STYLE[method]}`}
                      >
                        {method}
                      </span>
                      <code className="break-all font-mono text-sm">{path}</code>
                      <span className="text-sm text-slate-600 dark:text-slate-400">{op.summary}</span>
                    </summary>
                    <div className="space-y-3 border-t border-slate-200 px-4 py-3 text-sm dark:border-slate-800">
                      {op.parameters && (
                        <div>
                          <h3 className="font-medium">Parameters</h3>
                          <ul className="mt-1 list-disc pl-5">
                            {op.parameters.map((p) => (
                              <li key={`${p.in} ${p.name}`}>
                                <code>{p.name}</code> <span className="text-slate-500">({p.in})</span> {p.description}
                              </li>
                            ))}
                          </ul>
                        </div>
                      )}
                      {op.requestBody && (
                        <div>
                          <h3 className="font-medium">Request body</h3>
                          <pre className="mt-1 max-h-80 overflow-auto rounded bg-slate-50 p-2 text-xs dark:bg-slate-950">
                            {JSON.stringify(op.requestBody.content["application/json"].schema, null, 2)}
                          </pre>
                        </div>
                      )}
                      <div>
                        <h3 className="font-medium">Responses</h3>
                        <ul className="mt-1 space-y-1">
                          {Object.entries(op.responses).map(([status, r]) => (
                            <li key={status}>
                              <code className="font-semibold">{status}</code> {r.description}
                              {r.content?.["application/json"] && status.startsWith("2") && (
                                <pre className="mt-1 max-h-80 overflow-auto rounded bg-slate-50 p-2 text-xs dark:bg-slate-950">
                                  {JSON.stringify(r.content["application/json"].schema, null, 2)}
                                </pre>
                              )}
                              {r.content && !r.content["application/json"] && (
                                <span className="text-xs"> ({Object.keys(r.content).join(", ")})</span>
                              )}
                            </li>
                          ))}
                        </ul>
                      </div>
                    </div>
                  </details>
                </li>
              ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
