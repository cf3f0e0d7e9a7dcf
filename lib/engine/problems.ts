/** Build problems: a JSON path into the definition and a message a person understands. */
export interface Problem {
  /** e.g. `nodes[3].config.url`; `` for the whole definition. */
  path: string;
  message: string;
}

export type PathKey = string | number;

/** `["nodes", 3, "config", "url"]` -> `nodes[3].config.url`. */
export function jsonPath(keys: readonly PathKey[]): string {
  let out = "";
  for (const key of keys) {
    if (typeof key === "number") out += `[${key}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** Formats a problem list for people (CLI stderr, API errors). */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join("\n");
}
