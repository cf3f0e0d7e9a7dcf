import type { Metadata } from "next";
import { openApiDocument } from "@/lib/api/openapi";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "REST API" };

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; description?: string; enum?: unknown[]; $ref?: string };
type Parameter = { in: string; name: string; required?: boolean; schema?: JsonSchema; description?: string };
type Operation = { summary?: string; security?: unknown[]; parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> }; responses?: Record<string, { description?: string; content?: Record<string, unknown> }> };

const METHOD_LOOK: Record<string, string> = {
  get: "bg-sky-100 text-sky-800",
  post: "bg-emerald-100 text-emerald-800",
  patch: "bg-amber-100 text-amber-800",
  delete: "bg-red-100 text-red-800",
};

/**
 * The REST API, drawn from /api/openapi.json (lib/api/openapi.ts), which is generated from the zod
 * schemas the routes parse with: this page can't drift from the routes either.
 */
export default async function ApiReferencePage() {
  await requireUser();
  const document = JSON.parse(JSON.stringify(openApiDocument())) as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, JsonSchema> } };
  const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  return (
    <div className="space-y-6" data-testid="api-reference">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">REST API</h1>
        <p className="mt-1 max-w-2xl text-sm text-zinc-600">
          Start runs, read results and manage workflows from scripts. Send <code className="rounded bg-zinc-100 px-1 font-mono text-[12px]">Authorization: Bearer fm_…</code> with a key from Settings → API keys. The whole API as OpenAPI 3.1:{" "}
          <a href="/api/openapi.json" className="font-medium text-indigo-700 hover:underline" data-testid="openapi-link">
            /api/openapi.json
          </a>{" "}
          (for client generators and API tools).
        </p>
      </div>
      <ol className="space-y-3">
        {operations.map(({ path, method, op }) => (
          <li key={`${method} ${path}`} id={`${method}-${path}`} className="rounded-2xl border border-zinc-200 bg-white p-4 shadow-xs" data-testid="api-operation">
            <div className="flex flex-wrap items-center gap-2">
              <span className={`rounded-md px-2 py-0.5 font-mono text-[11px] font-bold uppercase ${METHOD_LOOK[method] ?? "bg-zinc-100 text-zinc-700"}`}>{method}</span>
              <code className="font-mono text-[13px] font-semibold text-zinc-900">{path}</code>
              <span className="ml-auto text-xs text-zinc-500">{op.security?.length ? "API key or session" : "public"}</span>
            </div>
            {op.summary && <p className="mt-1.5 text-sm text-zinc-700">{op.summary}</p>}
            <Fields title="Query" fields={(op.parameters ?? []).filter((p) => p.in === "query").map((p) => ({ name: p.name, schema: p.schema, required: p.required }))} />
            <Fields title="Body" fields={bodyFields(op, document.components.schemas)} />
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
              {Object.entries(op.responses ?? {}).map(([status, response]) => (
                <div key={status} className="contents">
                  <dt className="font-mono font-semibold text-zinc-700">{status}</dt>
                  <dd className="text-zinc-600">{response.description}</dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ol>
    </div>
  );
}

function bodyFields(op: Operation, components: Record<string, JsonSchema>) {
  let schema = op.requestBody?.content?.["application/json"]?.schema;
  if (schema?.$ref) schema = components[schema.$ref.split("/").pop()!];
  if (!schema?.properties) return [];
  return Object.entries(schema.properties).map(([name, field]) => ({ name, schema: field, required: schema.required?.includes(name) }));
}

const typeText = (schema?: JsonSchema) => (schema?.enum ? schema.enum.map((v) => JSON.stringify(v)).join(" | ") : Array.isArray(schema?.type) ? schema.type.join(" | ") : (schema?.type ?? "any"));

function Fields({ title, fields }: { title: string; fields: { name: string; schema?: JsonSchema; required?: boolean }[] }) {
  if (fields.length === 0) return null;
  return (
    <div className="mt-2">
      <p className="text-[11px] font-semibold tracking-wide text-zinc-500 uppercase">{title}</p>
      <ul className="mt-1 space-y-0.5 text-xs text-zinc-700">
        {fields.map((f) => (
          <li key={f.name}>
            <code className="font-mono font-semibold text-zinc-900">{f.name}</code>
            {f.required ? "" : "?"} <span className="font-mono text-zinc-500">{typeText(f.schema)}</span>
            {f.schema?.description && <span className="text-zinc-600"> · {f.schema.description}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
