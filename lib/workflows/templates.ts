/**
 * The template gallery: definition files under templates/ (one JSON file each, see
 * docs/decisions.md "Templates are files"). Imported statically so the build bundles them; each
 * is checked with zod when first read, and test/workflows/templates.test.ts validates and runs
 * every one. A new file must be added to FILES below (the test fails otherwise).
 */
import { z } from "zod";
import approvalQuorum from "@/templates/approval-quorum.json";
import callAnotherWorkflow from "@/templates/call-another-workflow.json";
import emailNotify from "@/templates/email-notify.json";
import errorRoutingRetry from "@/templates/error-routing-retry.json";
import githubIssue from "@/templates/github-issue.json";
import humanInputForm from "@/templates/human-input-form.json";
import llmSummary from "@/templates/llm-summary.json";
import loopJavascript from "@/templates/loop-javascript.json";
import parallelFanOut from "@/templates/parallel-fan-out.json";
import postgresLookup from "@/templates/postgres-lookup.json";
import scheduledReport from "@/templates/scheduled-report.json";
import slackNotify from "@/templates/slack-notify.json";
import webhookTransformRespond from "@/templates/webhook-transform-respond.json";
import { WORKFLOW_NAME_MAX } from "./names";
import { layOut } from "./template-layout";

/** File name (without .json) → contents, in gallery order. */
const FILES: Record<string, unknown> = {
  "loop-javascript": loopJavascript,
  "error-routing-retry": errorRoutingRetry,
  "approval-quorum": approvalQuorum,
  "human-input-form": humanInputForm,
  "webhook-transform-respond": webhookTransformRespond,
  "parallel-fan-out": parallelFanOut,
  "scheduled-report": scheduledReport,
  "llm-summary": llmSummary,
  "slack-notify": slackNotify,
  "email-notify": emailNotify,
  "github-issue": githubIssue,
  "postgres-lookup": postgresLookup,
  "call-another-workflow": callAnotherWorkflow,
};

export const TEMPLATE_CATEGORIES = ["Data", "Reliability", "Human in the loop", "Integrations", "Reporting", "AI", "Notifications"] as const;

const definitionShape = z.looseObject({
  version: z.literal(1),
  name: z.string().min(1),
  nodes: z.array(z.looseObject({ id: z.string(), type: z.string(), parentId: z.string().optional() })).min(1),
  edges: z.array(z.looseObject({ source: z.string(), target: z.string() })),
});

export const templateFileSchema = z.strictObject({
  name: z.string().trim().min(1).max(WORKFLOW_NAME_MAX),
  description: z
    .string()
    .trim()
    .min(1)
    .max(200, "keep the description to one line (200 characters)")
    .refine((text) => !text.includes("\n"), "the description is one line"),
  category: z.enum(TEMPLATE_CATEGORIES),
  /** Workspace secrets the template reads ({{env.NAME}}), shown on its card. */
  secrets: z.array(z.string().regex(/^[A-Z][A-Z0-9_]*$/)).optional(),
  /** Inputs that show what the template expects (docs and tests; the definition's schema rules). */
  sampleInputs: z.record(z.string(), z.unknown()).optional(),
  definition: definitionShape,
  /**
   * Workflows made together with this one, keyed by the id of the `workflow` node that calls each:
   * that node's `workflow` setting is the new workflow's id (a template can't know ids ahead).
   */
  calls: z.record(z.string(), z.strictObject({ name: z.string().trim().min(1).max(WORKFLOW_NAME_MAX), definition: definitionShape })).optional(),
});

export type TemplateFile = z.infer<typeof templateFileSchema>;
export type TemplateSummary = {
  slug: string;
  name: string;
  description: string;
  category: string;
  nodeCount: number;
  secrets: string[];
  /** Names of the workflows made with it (see `calls`). */
  calls: string[];
};

export const templateSlugField = z.string().min(1).max(100);

let parsed: Map<string, TemplateFile> | undefined;

function all(): Map<string, TemplateFile> {
  if (!parsed) {
    const map = new Map<string, TemplateFile>();
    for (const [slug, contents] of Object.entries(FILES)) {
      const result = templateFileSchema.safeParse(contents);
      if (!result.success) throw new Error(`templates/${slug}.json: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      map.set(slug, result.data);
    }
    parsed = map;
  }
  return parsed;
}

export const templateSlugs = (): string[] => [...all().keys()];

export function listTemplates(): TemplateSummary[] {
  return [...all()].map(([slug, t]) => ({
    slug,
    name: t.name,
    description: t.description,
    category: t.category,
    nodeCount: t.definition.nodes.length,
    secrets: t.secrets ?? [],
    calls: Object.values(t.calls ?? {}).map((c) => c.name),
  }));
}

export function getTemplate(slug: string): TemplateFile | null {
  return all().get(slug) ?? null;
}

/** A fresh copy of the template's definition, laid out for the canvas (positions and container sizes). */
export function templateDefinition(slug: string): Record<string, unknown> | null {
  const template = getTemplate(slug);
  if (!template) return null;
  return layOut(structuredClone(template.definition));
}

/**
 * The workflow a template makes, with the workflows it calls made first through `create` (name,
 * laid-out definition → new id) and their ids set on the calling nodes. Null for an unknown slug.
 */
export async function instantiateTemplate(
  slug: string,
  create: (name: string, definition: Record<string, unknown>) => Promise<string>,
): Promise<{ name: string; definition: Record<string, unknown> } | null> {
  const template = getTemplate(slug);
  const definition = templateDefinition(slug) as TemplateFile["definition"] | null;
  if (!template || !definition) return null;
  for (const [nodeId, called] of Object.entries(template.calls ?? {})) {
    const id = await create(called.name, layOut(structuredClone({ ...called.definition, name: called.name })));
    definition.nodes = definition.nodes.map((n) => (n.id === nodeId ? { ...n, config: { ...(n.config as Record<string, unknown> | undefined), workflow: id } } : n));
  }
  return { name: template.name, definition };
}
