/**
 * The coordinators' queue (execute-workflow). Without a limit, coordinators waiting on their
 * children could hold every slot of the environment: self-hosted Trigger.dev has no checkpoints,
 * so a waiting coordinator keeps its slot, and its children then never start (a deadlock).
 *
 * The limit, 5 by default, is half the smallest environment limit of Trigger.dev's plans (10:
 * free staging/preview), so at least as many slots stay free for node runs. Set
 * FLOWMAESTRO_TRIGGER_COORDINATORS in the Trigger.dev environment (read when the deploy is
 * indexed) to raise it, always below the environment's limit (a queue above it is refused).
 */
import { queue } from "@trigger.dev/sdk";

export const DEFAULT_COORDINATOR_CONCURRENCY = 5;

function coordinatorConcurrency(): number {
  const n = Number(process.env.FLOWMAESTRO_TRIGGER_COORDINATORS);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_COORDINATOR_CONCURRENCY;
}

export const coordinatorQueue = queue({ name: "flowmaestro-coordinators", concurrencyLimit: coordinatorConcurrency() });
