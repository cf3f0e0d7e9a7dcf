/** `condition`: `{ condition }` by truthiness or `{ field, operator, value }`; selects `true` or `false`. */
import { z } from "zod";
import { compare, isTruthy, operatorSchema } from "../operators";
import { defineHandler } from "./types";

const configSchema = z
  .object({
    condition: z.unknown().optional(),
    field: z.unknown().optional(),
    operator: operatorSchema.optional(),
    value: z.unknown().optional(),
  })
  .refine((config) => config.operator !== undefined || "condition" in config, {
    message: "give either condition, or field with operator and value",
  });
export type ConditionConfig = z.infer<typeof configSchema>;

export const conditionHandler = defineHandler<ConditionConfig>({
  pure: true,
  type: "condition",
  label: "Condition",
  keywords: ["if", "else", "branch", "boolean", "check"],
  description: "Branch on true or false",
  category: "logic",
  configSchema,
  handles: () => ["true", "false"],
  async execute(config) {
    const result = config.operator !== undefined ? compare(config.field, config.operator, config.value) : isTruthy(config.condition);
    return { kind: "done", output: { result }, handle: result ? "true" : "false" };
  },
});
