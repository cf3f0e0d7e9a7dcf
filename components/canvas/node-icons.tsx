import { createElement } from "react";
import {
  Box, Braces, Clock, Code, Columns3, Filter, GitBranch, Globe, Hand, Layers, LogOut, Mail, MessageSquare, OctagonX,
  Play, Repeat, Route, Shuffle, Sparkles, Timer, UserCheck, Variable, Webhook, Zap, Hash, CircleDot, Plug, Bot, Database, type LucideIcon,
} from "lucide-react";

/** Icons of the spec's core types; other registered types fall back to their category's icon. */
const BY_TYPE: Record<string, LucideIcon> = {
  trigger: Play, webhook: Webhook, schedule: Clock, http: Globe, email: Mail, slack: Hash, github: CircleDot, mcp: Plug, postgres: Database, agent: Bot, jsonata: Braces, javascript: Code,
  map: Shuffle, filter: Filter, condition: GitBranch, router: Route, variable: Variable, delay: Timer,
  fail: OctagonX, output: LogOut, llm: Sparkles, approval: UserCheck, human_input: MessageSquare,
  loop: Repeat, parallel: Columns3,
};

const BY_CATEGORY: Record<string, LucideIcon> = {
  trigger: Zap, action: Globe, data: Braces, logic: GitBranch, ai: Sparkles, human: Hand, container: Layers,
};

export function iconFor(type: string, category?: string): LucideIcon {
  return BY_TYPE[type] ?? (category ? BY_CATEGORY[category] : undefined) ?? Box;
}

export const CATEGORY_LABELS: Record<string, string> = {
  trigger: "Triggers", action: "Actions", data: "Data", logic: "Logic", ai: "AI", human: "People", container: "Containers",
};
export const CATEGORY_ORDER = ["trigger", "action", "data", "logic", "ai", "human", "container"];

/** A node type's icon as an element (a component picked at render time would remount on every render). */
export function NodeIcon({ type, category, className }: { type: string; category?: string; className?: string }) {
  return createElement(iconFor(type, category), { className, "aria-hidden": true });
}
