/** The pure parts of the version history: list rows as the panel shows them, and the save shortcut. */
import { relativeTime } from "@/lib/workflows/relative-time";

export type VersionListRow = { id: string; version: number; createdAt: string; runCount: number };

export type VersionItem = {
  id: string;
  version: number;
  title: string;
  /** "5 minutes ago" */
  when: string;
  /** The exact time, for a tooltip. */
  at: string;
  /** "Used by 2 runs", or null when no run used it (a saved checkpoint only). */
  runs: string | null;
};

/** Rows newest first (by version number, whatever order they came in), ready to render. */
export function versionItems(rows: readonly VersionListRow[], now: Date = new Date()): VersionItem[] {
  return [...rows]
    .sort((a, b) => b.version - a.version)
    .map((row) => {
      const created = new Date(row.createdAt);
      return {
        id: row.id,
        version: row.version,
        title: `Version ${row.version}`,
        when: relativeTime(created, now),
        at: created.toISOString().replace("T", " ").slice(0, 19) + " UTC",
        runs: row.runCount > 0 ? `Used by ${row.runCount} run${row.runCount === 1 ? "" : "s"}` : null,
      };
    });
}

type Keys = { key: string; metaKey: boolean; ctrlKey: boolean; altKey: boolean; shiftKey: boolean };

/** Ctrl+S (Cmd+S on a Mac): save a version, in place of the browser's "save page". */
export function isSaveShortcut(e: Keys): boolean {
  return (e.metaKey || e.ctrlKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "s";
}

/** What the toolbar says after a save: a new version, or the unchanged latest one. */
export function savedMessage(version: number, created: boolean): string {
  return created ? `Saved as version ${version}` : `No changes since version ${version}`;
}
