// Which database this process uses: PostgreSQL when DATABASE_URL is set, else embedded PGlite
// under FLOWMAESTRO_DATA_DIR (default ./.data), in its "pglite" folder.
import path from "node:path";

export type DbConfig =
  | { kind: "postgres"; url: string; poolSize: number }
  | { kind: "pglite"; dataDir: string };

export interface DbConfigOverrides {
  /** A PostgreSQL URL; wins over everything else. */
  databaseUrl?: string;
  /** The FlowMaestro data folder (the PGlite data lives in `<dataDir>/pglite`). */
  dataDir?: string;
  poolSize?: number;
}

const DEFAULT_POOL_SIZE = 10;

export function resolveDbConfig(overrides: DbConfigOverrides = {}, env = process.env): DbConfig {
  // An explicit option beats the environment; a URL beats a data folder.
  const url = overrides.databaseUrl ?? (overrides.dataDir ? undefined : nonEmpty(env.DATABASE_URL));
  if (url) {
    const poolSize = overrides.poolSize ?? positiveInt(env.DATABASE_POOL_SIZE) ?? DEFAULT_POOL_SIZE;
    return { kind: "postgres", url, poolSize };
  }
  const base = overrides.dataDir ?? nonEmpty(env.FLOWMAESTRO_DATA_DIR) ?? ".data";
  return { kind: "pglite", dataDir: path.resolve(base, "pglite") };
}

/** A URL safe to print: the password is masked. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

export function describeDbConfig(config: DbConfig): string {
  return config.kind === "postgres"
    ? `PostgreSQL at ${redactUrl(config.url)}`
    : `embedded PGlite in ${config.dataDir}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== "" ? value.trim() : undefined;
}

function positiveInt(value: string | undefined): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
