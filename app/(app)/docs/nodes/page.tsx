import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { coreHandlers } from "@/lib/engine/handlers";
import { buildCatalog } from "@/lib/workflows/catalog";
import type { CatalogEntry, JsonSchema } from "@/lib/workflows/catalog-types";
import { CATEGORY_LABELS, CATEGORY_ORDER, NodeIcon } from "@/components/canvas/node-icons";

export const metadata: Metadata = { title: "Node reference" };

/**
 * Every node type, generated from the handlers the engine runs (the catalog the editor uses): what it
 * does, the names the palette finds it by, its settings with their types and defaults, and its output
 * handles. The palette and the node panel link here (`#<type>`); it can't drift from the code.
 */
export default async function NodeReferencePage() {
  await requireUser();
  const catalog = buildCatalog(coreHandlers);
  const order = [...CATEGORY_ORDER, ...new Set(catalog.map((e) => e.category).filter((c) => !CATEGORY_ORDER.includes(c)))];
  const groups = order.map((category) => ({ category, entries: catalog.filter((e) => e.category === category) })).filter((g) => g.entries.length > 0);
  return (
    <div className="space-y-8" data-testid="node-reference">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Node reference</h1>
        <p className="mt-1 max-w-2xl text-sm text-zinc-600">
          Every step you can put on the canvas, with its settings. Any setting that takes text can use templates such as{" "}
          <code className="rounded bg-zinc-100 px-1 font-mono text-[12px]">{"{{previousNode.field}}"}</code>, and every node has an error port: turn it on to route a failure down a red edge instead of failing the run.
        </p>
        <nav aria-label="Categories" className="mt-4 flex flex-wrap gap-1.5">
          {groups.map(({ category }) => (
            <a key={category} href={`#category-${category}`} className="rounded-full bg-white px-3 py-1 text-[12.5px] font-medium text-zinc-700 ring-1 ring-zinc-200 hover:bg-zinc-50">
              {CATEGORY_LABELS[category] ?? category}
            </a>
          ))}
        </nav>
      </div>
      {groups.map(({ category, entries }) => (
        <section key={category} id={`category-${category}`} className="space-y-3">
          <h2 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">{CATEGORY_LABELS[category] ?? category}</h2>
          {entries.map((entry) => (
            <NodeDoc key={entry.type} entry={entry} />
          ))}
        </section>
      ))}
    </div>
  );
}

function NodeDoc({ entry }: { entry: CatalogEntry }) {
  const forms = settingForms(entry.configJsonSchema);
  return (
    <article id={entry.type} className="scroll-mt-20 rounded-2xl border border-zinc-200 bg-white p-5 shadow-xs target:ring-2 target:ring-indigo-400" data-testid={`node-doc-${entry.type}`}>
      <header className="flex items-start gap-3">
        <span className={`flex h-9 w-9 shrink-0 items-center justify-center rounded-lg ${entry.isEntry ? "bg-indigo-600 text-white" : "bg-zinc-100 text-zinc-700"}`}>
          <NodeIcon type={entry.type} category={entry.category} className="h-4 w-4" />
        </span>
        <div className="min-w-0">
          <h3 className="text-[15px] font-semibold text-zinc-900">
            {entry.label} <code className="ml-1 font-mono text-[12px] font-normal text-zinc-500">{entry.type}</code>
          </h3>
          <p className="mt-0.5 text-sm text-zinc-600">{entry.description}</p>
          {entry.keywords.length > 0 && <p className="mt-1 text-[12px] text-zinc-500">Also found as: {entry.keywords.join(", ")}</p>}
        </div>
      </header>
      {forms.length === 0 ? (
        <p className="mt-3 text-[13px] text-zinc-500">No settings.</p>
      ) : (
        forms.map((form) => (
          <div key={form.title ?? "settings"}>
            {form.title && <h4 className="mt-4 text-[12.5px] font-medium text-zinc-700">{form.title}</h4>}
            <SettingsTable schema={form.schema} rawFields={entry.rawFields} />
          </div>
        ))
      )}
      <p className="mt-3 text-[12px] text-zinc-500">
        {entry.isEntry ? "Starts runs; takes no incoming edges. " : ""}
        {entry.isContainer ? "Holds body nodes, run once per iteration or branch. " : ""}
        Outputs: {entry.handles === "dynamic" ? "one handle per route, plus the default route" : entry.handles.join(", ")}
        {entry.isEntry ? "" : ", and the error port when it is on"}.
      </p>
    </article>
  );
}

/**
 * The settings to show: the object's own, or one set per alternative when the config is a union
 * (loop and parallel take different settings per `mode`), titled by the setting that tells them apart.
 */
function settingForms(schema: JsonSchema): { title?: string; schema: JsonSchema }[] {
  if (Object.keys(schema.properties ?? {}).length > 0) return [{ schema }];
  const variants = (schema.oneOf ?? schema.anyOf ?? []).filter((v) => Object.keys(v.properties ?? {}).length > 0);
  return variants.map((variant, i) => {
    const tag = Object.entries(variant.properties ?? {}).find(([, p]) => p.const !== undefined);
    return { title: tag ? `When ${tag[0]} is ${JSON.stringify(tag[1].const)}` : `Form ${i + 1}`, schema: variant };
  });
}

function SettingsTable({ schema, rawFields }: { schema: JsonSchema; rawFields: readonly string[] }) {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  // The column shows only when some setting has something to say.
  const about = properties.some(([name, p]) => p.description !== undefined || p.default !== undefined || rawFields.includes(name));
  return (
    <table className="mt-2 w-full text-left text-[13px]">
      <thead className="text-[11px] font-medium tracking-wide text-zinc-500 uppercase">
        <tr>
          <th scope="col" className="w-44 py-1.5 pr-3 font-medium">Setting</th>
          <th scope="col" className="w-56 py-1.5 pr-3 font-medium">Type</th>
          {about && <th scope="col" className="py-1.5 font-medium">About</th>}
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100">
        {properties.map(([name, p]) => (
          <tr key={name}>
            <td className="py-1.5 pr-3 align-top font-mono text-[12px] text-zinc-800">
              {name}
              {required.has(name) && <span className="ml-1 font-sans text-[11px] text-red-600">required</span>}
            </td>
            <td className="py-1.5 pr-3 align-top text-zinc-600">{typeText(p)}</td>
            {about && (
              <td className="py-1.5 align-top text-zinc-600">
                {p.description ?? ""}
                {rawFields.includes(name) && <span className="block text-[11.5px] text-zinc-500">Taken as written (code, not a template).</span>}
                {p.default !== undefined && (
                  <span className="block text-[11.5px] text-zinc-500">
                    Default: <code className="font-mono">{JSON.stringify(p.default)}</code>
                  </span>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A schema's type in words: string, number, one of "a", "b", list of object… */
function typeText(schema: JsonSchema): string {
  if (schema.enum) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) return [...new Set(variants.map(typeText))].join(" or ");
  if (schema.type === "array") return schema.items ? `list of ${typeText(schema.items)}` : "list";
  if (Array.isArray(schema.type)) return schema.type.join(" or ");
  return schema.type ?? "any";
}
