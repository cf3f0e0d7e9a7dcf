/** `router`: the first route (in order) whose comparison matches, else `defaultRoute` ("default"). */
import { z } from "zod";
import { compare, comparisonSchema } from "../operators";
import { defineHandler } from "./types";

const DEFAULT_ROUTE = "default";
const routeName = z
  .string()
  .min(1, "a route needs a name")
  .refine((name) => name !== "error", { message: '"error" is the error port, not a route name' });

const configSchema = z
  .object({
    routes: z
      .array(
        comparisonSchema.extend({
          field: comparisonSchema.shape.field.describe("The value to test, e.g. {{fetch.status}}"),
          operator: comparisonSchema.shape.operator.describe("How to compare field with value"),
          value: comparisonSchema.shape.value.describe("What to compare field with; not needed for isEmpty, isNotEmpty"),
          name: routeName.describe("The route's name, also the name of its output handle"),
        }),
      )
      .describe("Routes checked in order, each { name, field, operator, value }; the first match wins"),
    defaultRoute: routeName.optional().describe('The route taken when none matches; "default" when empty'),
  })
  .superRefine((config, issue) => {
    const seen = new Set<string>();
    config.routes.forEach((route, index) => {
      if (seen.has(route.name)) issue.addIssue({ code: "custom", path: ["routes", index, "name"], message: `route name "${route.name}" is used twice` });
      seen.add(route.name);
    });
  });
export type RouterConfig = z.infer<typeof configSchema>;

export const routerHandler = defineHandler<RouterConfig>({
  pure: true,
  type: "router",
  label: "Router",
  keywords: ["switch", "case", "route", "branch"],
  description: "Send the run down the first matching route",
  category: "logic",
  configSchema,
  handles(config) {
    const raw = (config ?? {}) as { routes?: unknown; defaultRoute?: unknown };
    const names = Array.isArray(raw.routes)
      ? raw.routes.map((route) => (route as { name?: unknown })?.name).filter((name): name is string => typeof name === "string")
      : [];
    const fallback = typeof raw.defaultRoute === "string" && raw.defaultRoute ? raw.defaultRoute : DEFAULT_ROUTE;
    return [...new Set([...names, fallback])];
  },
  async execute(config) {
    const match = config.routes.find((route) => compare(route.field, route.operator, route.value));
    const selectedRoute = match?.name ?? config.defaultRoute ?? DEFAULT_ROUTE;
    return { kind: "done", output: { selectedRoute }, handle: selectedRoute };
  },
});
