/**
 * Large data of a run on Trigger.dev stays in the app's database and crosses the platform as a
 * reference `{ $fmBlob: id }`: a node's output above BLOB_THRESHOLD_BYTES (the platform caps task
 * outputs at 10 MB and stores every one), a pause's details likewise (a waiting agent's
 * conversation), and a node attempt's resolved config, scope and carry when they would make the
 * batch item larger than the threshold (the platform caps items at 3 MB; the scope carries the
 * upstream outputs a node reads, the config what its templates took from them, the carry a
 * resumed agent's conversation). Values are stored sealed (./sealed.ts): no secret in the table either.
 */
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { NodeTask, NodeTaskResult } from "../../engine";
import { triggerBlobs } from "../../db/schema";
import type { DbOrTx } from "../../db/types";

/** Above this many bytes of JSON a value travels by reference (well under the 3 MB item cap). */
export const BLOB_THRESHOLD_BYTES = 1024 * 1024;

const blobRef = z.object({ $fmBlob: z.string().regex(/^blob_[0-9a-f]{32}$/) }).strict();
export type BlobRef = z.infer<typeof blobRef>;

export const isBlobRef = (value: unknown): value is BlobRef => blobRef.safeParse(value).success;

const sizeOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? "");

async function put(db: DbOrTx, runId: string, value: unknown, bytes: number): Promise<BlobRef> {
  const id = `blob_${randomBytes(16).toString("hex")}`;
  await db.insert(triggerBlobs).values({ id, runId, value: value ?? null, bytes });
  return { $fmBlob: id };
}

async function get(db: DbOrTx, runId: string, ref: BlobRef): Promise<unknown> {
  const [row] = await db.select({ value: triggerBlobs.value }).from(triggerBlobs).where(and(eq(triggerBlobs.id, ref.$fmBlob), eq(triggerBlobs.runId, runId)));
  if (!row) throw new Error(`the stored data ${ref.$fmBlob} of run ${runId} is missing`);
  return row.value;
}

/** The child's side: a large output is stored and replaced by its reference. */
export async function offloadOutput(db: DbOrTx, runId: string, result: NodeTaskResult, threshold = BLOB_THRESHOLD_BYTES): Promise<NodeTaskResult> {
  if (result.kind === "pause") {
    const bytes = sizeOf(result.pause.details);
    return bytes > threshold ? { ...result, pause: { ...result.pause, details: (await put(db, runId, result.pause.details, bytes)) as unknown as Record<string, unknown> } } : result;
  }
  if (result.kind !== "done") return result;
  const bytes = sizeOf(result.output);
  return bytes > threshold ? { ...result, output: await put(db, runId, result.output, bytes) } : result;
}

/** The coordinator's side: an output (or a pause's details) reference read back. */
export async function inflateOutput(db: DbOrTx, runId: string, result: NodeTaskResult): Promise<NodeTaskResult> {
  if (result.kind === "pause" && isBlobRef(result.pause.details)) return { ...result, pause: { ...result.pause, details: (await get(db, runId, result.pause.details)) as Record<string, unknown> } };
  return result.kind === "done" && isBlobRef(result.output) ? { ...result, output: await get(db, runId, result.output) } : result;
}

const storedTask = z.object({ config: z.unknown(), scope: z.record(z.string(), z.unknown()), resumed: z.record(z.string(), z.unknown()).optional() });

/** The coordinator's side: an attempt whose config, scope and carry would make the batch item too large keeps them here. */
export async function offloadTask(db: DbOrTx, task: NodeTask, threshold = BLOB_THRESHOLD_BYTES): Promise<NodeTask> {
  const kept = { config: task.config, scope: task.scope, ...(task.resumed ? { resumed: task.resumed } : {}) };
  const bytes = sizeOf(kept);
  if (bytes <= threshold) return task;
  const ref = await put(db, task.runId, kept, bytes);
  const { resumed: _resumed, ...rest } = task;
  void _resumed;
  return { ...rest, config: null, scope: ref as unknown as NodeTask["scope"] };
}

/** The child's side: the attempt's config, scope and carry read back. */
export async function inflateTask(db: DbOrTx, task: NodeTask): Promise<NodeTask> {
  if (!isBlobRef(task.scope)) return task;
  const stored = storedTask.parse(await get(db, task.runId, task.scope));
  return { ...task, config: stored.config, scope: stored.scope, ...(stored.resumed ? { resumed: stored.resumed } : {}) };
}
