/** `fail`: always fails with its message and code (FAIL by default), never retried. */
import { z } from "zod";
import { ErrorCode, NodeError } from "../errors";
import { defineHandler } from "./types";

const text = (value: unknown) => (typeof value === "string" ? value : value === null || value === undefined ? "" : JSON.stringify(value));

const configSchema = z.object({
  message: z.unknown().transform(text).describe("The error message, e.g. Order {{inputs.id}} not found"),
  code: z.preprocess((v) => (v === null || v === "" ? undefined : v), z.string().max(64).optional()).describe("An error code to route on, e.g. NOT_FOUND (up to 64 characters); FAIL when empty"),
});
export type FailConfig = z.infer<typeof configSchema>;

export const failHandler = defineHandler<FailConfig>({
  pure: true,
  type: "fail",
  label: "Fail",
  keywords: ["error", "throw", "stop", "abort"],
  description: "Stop this branch with an error message (and code)",
  category: "logic",
  configSchema,
  handles: () => ["source"],
  async execute(config) {
    throw new NodeError(config.message || "failed", config.code ?? ErrorCode.FAIL, { retryable: false });
  },
});
