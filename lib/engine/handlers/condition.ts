/** `condition`: `{ condition }` by truthiness or `{ field, operator, value }`; selects `true` or `false`. */
import { z } from "zod";
import { compare, isTruthy, operatorSchema } from "../operators";
import { defineHandler } from "./types";

const configSchema = z
  .object({
    condition: z.unknown().optional().describe('A template whose truthiness decides, e.g. {{check.ok}}; "false", "0", "null" are false'),
    field: z.unknown().optional().describe("The value to test, e.g. {{fetch.status}}; used with operator and value"),
    operator: operatorSchema.optional().describe("How to compare field with value; when set, condition is not used"),
    value: z.unknown().optional().describe("What to compare field with; not needed for isEmpty, isNotEmpty"),
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
