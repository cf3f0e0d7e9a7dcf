/**
 * What the fake Trigger.dev answers with: the execution a supervisor hands a worker
 * (TaskRunExecution), a retrieved run (RetrieveRunResponse), and the routes' answer and error types.
 */
import type http from "node:http";
import { FINAL, type FakeRun } from "./state";

/** A route's answer: JSON (or raw bytes), a status and headers. */
export interface Answer {
  status?: number;
  json: unknown;
  headers?: Record<string, string>;
}

export type Json = Record<string, unknown>;
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const FILE_OF: Record<string, string> = { "execute-workflow": "trigger/execute-workflow.ts", "execute-node": "trigger/execute-node.ts" };

/** The execution a supervisor hands a worker (TaskRunExecution in @trigger.dev/core). */
export function executionOf(run: FakeRun) {
  return {
    task: { id: run.taskId, filePath: FILE_OF[run.taskId] ?? `trigger/${run.taskId}.ts` },
    attempt: { number: run.attempt, startedAt: new Date() },
    run: {
      id: run.id,
      payload: run.payload,
      payloadType: run.payloadType,
      tags: run.tags,
      isTest: false,
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      idempotencyKey: run.idempotencyKey,
      metadata: run.metadata,
      maxDuration: 3600,
      ...(run.parentId ? { parentTaskRunId: run.parentId, rootTaskRunId: run.rootId } : {}),
    },
    queue: { id: `queue_${run.taskId}`, name: `task/${run.taskId}` },
    environment: { id: "env_fake", slug: "prod", type: "PRODUCTION" },
    organization: { id: "org_fake", slug: "fake", name: "Fake" },
    project: { id: "proj_fake", ref: "proj_fake", slug: "fake", name: "Fake" },
    machine: { name: "small-2x", cpu: 1, memory: 1, centsPerMs: 0 },
    ...(run.batchId ? { batch: { id: run.batchId } } : {}),
  };
}

export function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const isoOrUndefined = (d?: Date) => d?.toISOString();

export function retrieved(run: FakeRun) {
  const status = run.status === "QUEUED" ? "QUEUED" : run.status;
  const error = run.result && !run.result.ok ? run.result.error : undefined;
  return {
    id: run.id,
    status,
    taskIdentifier: run.taskId,
    idempotencyKey: run.idempotencyKey,
    isQueued: status === "QUEUED",
    isExecuting: status === "EXECUTING",
    isWaiting: status === "WAITING",
    isCompleted: FINAL.has(status),
    isSuccess: status === "COMPLETED",
    isFailed: FINAL.has(status) && status !== "COMPLETED",
    isCancelled: status === "CANCELED",
    isTest: false,
    createdAt: run.createdAt.toISOString(),
    updatedAt: run.updatedAt.toISOString(),
    startedAt: isoOrUndefined(run.startedAt),
    finishedAt: isoOrUndefined(run.finishedAt),
    tags: run.tags,
    costInCents: 0,
    baseCostInCents: 0,
    durationMs: 0,
    metadata: run.metadata,
    depth: run.parentId ? 1 : 0,
    triggerFunction: run.batchId ? "batchTriggerAndWait" : "trigger",
    batchId: run.batchId,
    ...(run.result?.ok && run.result.outputType === "application/json" && run.result.output ? { output: JSON.parse(run.result.output) as unknown } : {}),
    ...(error ? { error: { message: "message" in error ? (error.message ?? error.type) : "raw" in error ? error.raw : error.type, name: "name" in error ? error.name : error.type } } : {}),
    relatedRuns: {},
    attemptCount: run.attempt,
  };
}

/** The request's JSON body ({} when empty). */
export const jsonOf = (body: Buffer): Json => (body.length ? (JSON.parse(body.toString("utf8")) as Json) : {});
