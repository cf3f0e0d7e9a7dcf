/** The platform calls of the coordinator, made with the Trigger.dev SDK (see lib/runs/trigger/platform.ts). */
import { wait } from "@trigger.dev/sdk";
import type { TriggerPlatform } from "../lib/runs/trigger/platform";
import { executeNode } from "./execute-node";

export const sdkPlatform: TriggerPlatform = {
  async batchExecuteNodes(items) {
    const batch = await executeNode.batchTriggerAndWait(items.map((item) => ({ payload: item.payload, options: { idempotencyKey: item.idempotencyKey } })));
    return batch.runs.map((run) => (run.ok ? { ok: true as const, id: run.id, output: run.output } : { ok: false as const, id: run.id, error: run.error }));
  },
  async createToken({ idempotencyKey, timeout, tags }) {
    const token = await wait.createToken({ idempotencyKey, ...(timeout ? { timeout } : {}), ...(tags ? { tags } : {}) });
    return { id: token.id };
  },
  async forToken(tokenId) {
    const result = await wait.forToken<unknown>(tokenId);
    return result.ok ? { ok: true, output: result.output } : { ok: false, error: result.error };
  },
};
