/**
 * An in-process stand-in for Trigger.dev at the SDK's seam (the TriggerPlatform the coordinator
 * uses): child runs execute the execute-node task's run function (payloads and outputs go through
 * JSON, as across the platform), tokens complete when the test says so, and ANY second wait while
 * one is pending is recorded as a violation and refused, as the platform would refuse it.
 */
import type { ChildRunResult, NodeBatchItem, TokenResult, TriggerPlatform } from "../../lib/runs/trigger/platform";

interface Token {
  id: string;
  key: string;
  timeout?: Date;
  settled?: TokenResult;
  resolve?(result: TokenResult): void;
}

export interface StandIn {
  platform: TriggerPlatform;
  /** Every parallel wait seen (a test asserts this stays empty). */
  violations: string[];
  /** Size of each batchTriggerAndWait, in order. */
  batches: number[];
  /** Everything the platform would store, as JSON: each child payload and each child result. */
  recorded: string[];
  tokens: Map<string, Token>;
  /** Resolves with the id of the next token a task starts waiting on. */
  nextTokenWait(): Promise<string>;
  completeToken(id: string, data: unknown): void;
  timeOutToken(id: string): void;
}

const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Trigger.dev's documented limits, enforced as the platform would. */
export const PLATFORM_LIMITS = { batchItems: 1000, itemBytes: 3 * 1024 * 1024, outputBytes: 10 * 1024 * 1024 };

export function createStandIn(runChild: (payload: unknown) => Promise<unknown>): StandIn {
  const violations: string[] = [];
  const batches: number[] = [];
  const recorded: string[] = [];
  const tokens = new Map<string, Token>();
  const cached = new Map<string, ChildRunResult>();
  const waiters: ((id: string) => void)[] = [];
  const tokenWaits: string[] = [];
  let pending: string | null = null;
  let children = 0;

  async function oneWait<T>(what: string, wait: () => Promise<T>): Promise<T> {
    if (pending) {
      violations.push(`${what} while ${pending}`);
      throw Object.assign(new Error(`TASK_DID_CONCURRENT_WAIT: ${what} while ${pending}`), { code: "TASK_DID_CONCURRENT_WAIT" });
    }
    pending = what;
    try {
      return await wait();
    } finally {
      pending = null;
    }
  }

  async function child(item: NodeBatchItem): Promise<ChildRunResult> {
    const hit = cached.get(item.idempotencyKey);
    if (hit) return hit;
    const id = `run_child${++children}`;
    recorded.push(JSON.stringify(item.payload));
    let result: ChildRunResult;
    try {
      const output = JSON.stringify(await runChild(viaJson(item.payload)));
      if (Buffer.byteLength(output) > PLATFORM_LIMITS.outputBytes) throw new Error(`TASK_OUTPUT_TOO_LARGE: ${Buffer.byteLength(output)} bytes`);
      result = { ok: true, id, output: JSON.parse(output) as never };
    } catch (error) {
      result = { ok: false, id, error: { message: error instanceof Error ? error.message : String(error) } };
    }
    recorded.push(JSON.stringify(result));
    cached.set(item.idempotencyKey, result);
    return result;
  }

  const platform: TriggerPlatform = {
    batchExecuteNodes: (items) =>
      oneWait(`batchTriggerAndWait(${items.length})`, async () => {
        if (items.length > PLATFORM_LIMITS.batchItems) throw new Error(`batch of ${items.length} items: at most ${PLATFORM_LIMITS.batchItems}`);
        const big = items.findIndex((item) => Buffer.byteLength(JSON.stringify(item.payload)) > PLATFORM_LIMITS.itemBytes);
        if (big >= 0) throw new Error(`batch item ${big} is larger than 3 MB`);
        batches.push(items.length);
        return Promise.all(items.map(child));
      }),
    async createToken({ idempotencyKey, timeout }) {
      const existing = [...tokens.values()].find((t) => t.key === idempotencyKey);
      if (existing) return { id: existing.id };
      const token: Token = { id: `waitpoint_${tokens.size + 1}`, key: idempotencyKey, timeout };
      tokens.set(token.id, token);
      return { id: token.id };
    },
    forToken: (tokenId) =>
      oneWait(`wait.forToken(${tokenId})`, () => {
        const token = tokens.get(tokenId);
        if (!token) throw new Error(`unknown token ${tokenId}`);
        if (token.settled) return Promise.resolve(token.settled);
        const done = new Promise<TokenResult>((resolve) => (token.resolve = resolve));
        const waiter = waiters.shift();
        if (waiter) waiter(tokenId);
        else tokenWaits.push(tokenId);
        return done;
      }),
  };

  function settle(id: string, result: TokenResult) {
    const token = tokens.get(id);
    if (!token) throw new Error(`unknown token ${id}`);
    if (token.settled) throw new Error(`token ${id} was completed already`);
    token.settled = viaJson(result);
    token.resolve?.(token.settled);
  }

  return {
    platform,
    violations,
    batches,
    recorded,
    tokens,
    nextTokenWait: () => {
      const ready = tokenWaits.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiters.push(resolve));
    },
    completeToken: (id, data) => settle(id, { ok: true, output: data }),
    timeOutToken: (id) => settle(id, { ok: false, error: { message: "timed out" } }),
  };
}
