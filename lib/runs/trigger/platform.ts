/**
 * The seam between the Trigger.dev coordinator and the platform: the three calls that wait or
 * need the Trigger.dev API. trigger/platform.ts implements it with the SDK; tests use an
 * in-process stand-in. `serialWaits` refuses a second wait while one is pending, which the
 * platform would reject with TASK_DID_CONCURRENT_WAIT.
 */
import type { ExecuteNodeOutput, ExecuteNodePayload } from "./contract";

export type ChildRunResult = { ok: true; id: string; output: ExecuteNodeOutput } | { ok: false; id: string; error: unknown };
export type TokenResult = { ok: true; output: unknown } | { ok: false; error: unknown };

/** One child run: its payload, and a key that makes a retried coordinator get the same child run back. */
export interface NodeBatchItem {
  payload: ExecuteNodePayload;
  idempotencyKey: string;
}

export interface TriggerPlatform {
  /** One executeNode.batchTriggerAndWait: one result per item, in item order. */
  batchExecuteNodes(items: NodeBatchItem[]): Promise<ChildRunResult[]>;
  /** wait.createToken; `timeout` is when an unanswered token gives up. */
  createToken(options: { idempotencyKey: string; timeout?: Date; tags?: string[] }): Promise<{ id: string }>;
  /** wait.forToken: the completion's data, or ok: false when the token timed out. */
  forToken(tokenId: string): Promise<TokenResult>;
}

export class ConcurrentWaitError extends Error {
  readonly code = "TASK_DID_CONCURRENT_WAIT";
  constructor(what: string, pending: string) {
    super(`${what} while ${pending} is still waiting: a Trigger.dev task may wait on one thing at a time`);
  }
}

/** Wraps a platform so that a second wait while one is pending throws instead of reaching it. */
export function serialWaits(platform: TriggerPlatform): TriggerPlatform {
  let pending: string | null = null;
  async function one<T>(what: string, wait: () => Promise<T>): Promise<T> {
    if (pending) throw new ConcurrentWaitError(what, pending);
    pending = what;
    try {
      return await wait();
    } finally {
      pending = null;
    }
  }
  return {
    batchExecuteNodes: (items) => one(`batchTriggerAndWait of ${items.length} node(s)`, () => platform.batchExecuteNodes(items)),
    createToken: (options) => platform.createToken(options),
    forToken: (tokenId) => one(`wait.forToken(${tokenId})`, () => platform.forToken(tokenId)),
  };
}
