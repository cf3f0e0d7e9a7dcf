"use client";
/** Template cards: each one a form that creates a workflow from its template and opens it. */
import { Bot, Braces, Clock, KeyRound, Layers, LayoutTemplate, Mail, ShieldCheck, UserCheck, Webhook, Workflow, type LucideIcon } from "lucide-react";
import { useActionState } from "react";
import type { ActionState } from "@/lib/auth/action";
import type { TemplateSummary } from "@/lib/workflows/templates";
import { SubmitButton } from "@/components/ui/submit-button";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

const CATEGORY_LOOK: Record<string, { icon: LucideIcon; tone: string }> = {
  Data: { icon: Braces, tone: "bg-sky-50 text-sky-700 ring-sky-100" },
  Reliability: { icon: ShieldCheck, tone: "bg-amber-50 text-amber-700 ring-amber-100" },
  "Human in the loop": { icon: UserCheck, tone: "bg-violet-50 text-violet-700 ring-violet-100" },
  Integrations: { icon: Webhook, tone: "bg-emerald-50 text-emerald-700 ring-emerald-100" },
  Reporting: { icon: Clock, tone: "bg-rose-50 text-rose-700 ring-rose-100" },
  AI: { icon: Bot, tone: "bg-fuchsia-50 text-fuchsia-700 ring-fuchsia-100" },
  Notifications: { icon: Mail, tone: "bg-indigo-50 text-indigo-700 ring-indigo-100" },
};
const FALLBACK = { icon: Layers, tone: "bg-zinc-100 text-zinc-700 ring-zinc-200" };

function TemplateCard({ template, action }: { template: TemplateSummary; action: Action }) {
  const [state, formAction] = useActionState(action, {});
  const look = CATEGORY_LOOK[template.category] ?? FALLBACK;
  const Icon = look.icon;
  const headingId = `template-${template.slug}`;
  return (
    <li className="flex">
      <form
        action={formAction}
        aria-labelledby={headingId}
        data-testid="template-card"
        className="flex w-full flex-col rounded-2xl border border-zinc-200 bg-white p-4 shadow-xs transition hover:border-indigo-200 hover:shadow-sm"
      >
        <input type="hidden" name="template" value={template.slug} />
        <div className="flex items-start gap-3">
          <span aria-hidden className={`flex size-9 shrink-0 items-center justify-center rounded-lg ring-1 ${look.tone}`}>
            <Icon className="size-4.5" />
          </span>
          <div className="min-w-0">
            <h3 id={headingId} className="text-sm font-semibold text-zinc-900">
              {template.name}
            </h3>
            <p className="mt-0.5 text-xs font-medium text-zinc-500">
              <span>{template.category}</span>
              <span aria-hidden> · </span>
              <span data-testid="template-node-count">{template.nodeCount} nodes</span>
            </p>
          </div>
        </div>
        <p className="mt-3 flex-1 text-sm leading-relaxed text-zinc-600">{template.description}</p>
        {template.secrets.length > 0 && (
          <p className="mt-3 flex items-center gap-1.5 text-xs text-zinc-500">
            <KeyRound aria-hidden className="size-3.5" />
            Uses {template.secrets.map((s) => <code key={s} className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-[11px] text-zinc-700">{s}</code>)}
          </p>
        )}
        {template.calls.length > 0 && (
          <p className="mt-3 flex items-center gap-1.5 text-xs text-zinc-500" data-testid="template-calls">
            <Workflow aria-hidden className="size-3.5" />
            Also makes {template.calls.map((name) => `“${name}”`).join(", ")}, the workflow it calls
          </p>
        )}
        <div className="mt-4 flex items-center justify-between gap-2">
          {state.error ? (
            <p role="alert" className="text-xs text-red-600">
              {state.error}
            </p>
          ) : (
            <span />
          )}
          <SubmitButton size="sm" variant="secondary" pendingLabel="Creating…" aria-label={`Use template ${template.name}`}>
            Use template
          </SubmitButton>
        </div>
      </form>
    </li>
  );
}

export function TemplateGallery({ templates, action, heading = "Start from a template" }: { templates: TemplateSummary[]; action: Action; heading?: string }) {
  return (
    <section aria-labelledby="template-gallery-heading" data-testid="template-gallery">
      <div className="mb-3 flex items-center gap-2">
        <LayoutTemplate aria-hidden className="size-4 text-indigo-600" />
        <h2 id="template-gallery-heading" className="text-base font-semibold text-zinc-900">
          {heading}
        </h2>
        <span className="text-sm text-zinc-500">· {templates.length} ready-to-run workflows</span>
      </div>
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {templates.map((template) => (
          <TemplateCard key={template.slug} template={template} action={action} />
        ))}
      </ul>
    </section>
  );
}
