"use client";
/**
 * Autosave (debounced ~800 ms) and live validation (debounced ~400 ms, ignoring positions) through the page's server actions.
 * Every save names the revision it is based on; writes go out one at a time (autosave and Save
 * version share the queue) so a tab never conflicts with itself. A refused save stops autosave
 * until the person reloads or overwrites.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Problem } from "@/lib/workflows/catalog-types";
import type { WorkflowDefinition } from "@/lib/workflows/definition-types";
import { indexProblems, type ProblemIndex } from "@/lib/workflows/problem-paths";
import type { SaveDefinitionResult } from "@/lib/workflows/save-result";
import type { RunSave, SaveStatus } from "./editor-context";
import { saveStatusOf } from "./save-status";

export type SaveResult = SaveDefinitionResult;
/** Stores the draft if the workflow is still at `baseRevision`; answers the new revision, or a conflict. */
export type SaveAction = (definition: WorkflowDefinition, baseRevision: number) => Promise<SaveResult>;
export type ValidateAction = (definition: WorkflowDefinition) => Promise<Problem[]>;

const SAVE_AFTER_MS = 800;
const VALIDATE_AFTER_MS = 400;

/** The definition without canvas-only fields: moving nodes doesn't need a new validation. */
function logicalJson(definition: WorkflowDefinition): string {
  return JSON.stringify({
    ...definition,
    nodes: definition.nodes.map((node) => {
      const rest = { ...node };
      delete rest.position;
      delete rest.size;
      return rest;
    }),
  });
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : "The server didn't answer.");

export type AutosaveApi = {
  status: SaveStatus;
  runSave: RunSave;
  /** After a conflict: save the draft again, based on the workflow's current revision. */
  overwrite(): void;
  /** After a conflict: drop this draft and load what is stored. */
  reload(): void;
};

export function useAutosave(definition: WorkflowDefinition, json: string, onSave: SaveAction, initialRevision: number): AutosaveApi {
  const saved = useRef(json);
  const revision = useRef(initialRevision);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const conflictAt = useRef<number | null>(null);
  const leaving = useRef(false);
  // Mirrors of the refs above for rendering: the status is derived from these, not set as a flag.
  const [savedJson, setSavedJson] = useState(json);
  const [pending, setPending] = useState(0);
  const [failure, setFailure] = useState<{ json: string; message: string } | null>(null);
  const [conflict, setConflict] = useState(false);
  const latest = useRef({ definition, json });
  // Declared before the save effect, so that one always reads this render's values.
  useEffect(() => {
    latest.current = { definition, json };
  }, [definition, json]);

  /** Queues `write` of the draft as it is when its turn comes; `onlyIfUnsaved` skips it when nothing is left to save. */
  const enqueue = useCallback(<R extends SaveResult>(write: (d: WorkflowDefinition, base: number) => Promise<R>, onlyIfUnsaved: boolean): Promise<R | null> => {
    const turn = queue.current.then(async () => {
      const attempt = latest.current;
      if (onlyIfUnsaved && (conflictAt.current !== null || attempt.json === saved.current)) return null;
      setPending((n) => n + 1);
      try {
        const result = await write(attempt.definition, revision.current);
        if (result.ok) {
          revision.current = result.revision;
          saved.current = attempt.json;
          setSavedJson(attempt.json);
          setFailure(null);
        } else if (result.conflict) {
          conflictAt.current = result.conflict.revision;
          setConflict(true);
        } else setFailure({ json: attempt.json, message: result.error });
        return result;
      } catch (e) {
        setFailure({ json: attempt.json, message: errorText(e) });
        throw e;
      } finally {
        setPending((n) => n - 1);
      }
    });
    queue.current = turn.catch(() => {});
    return turn;
  }, []);

  const autosave = useCallback(() => enqueue(onSave, true).catch(() => null), [enqueue, onSave]);

  useEffect(() => {
    if (json === saved.current || conflict) return;
    const timer = setTimeout(() => void autosave(), SAVE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [json, conflict, autosave]);

  // Leaving with unsaved edits: let the browser ask (not when the person chose to reload).
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (!leaving.current && latest.current.json !== saved.current) e.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, []);

  const runSave = useCallback<RunSave>(
    async (write) => {
      const result = await enqueue(write, false);
      if (result === null) throw new Error("a save that was asked for is never skipped");
      return result;
    },
    [enqueue],
  );
  const overwrite = useCallback(() => {
    if (conflictAt.current === null) return;
    revision.current = conflictAt.current;
    conflictAt.current = null;
    setConflict(false);
    void enqueue(onSave, false).catch(() => null);
  }, [enqueue, onSave]);
  const reload = useCallback(() => {
    leaving.current = true;
    window.location.reload();
  }, []);
  const status = useMemo(() => saveStatusOf({ json, savedJson, inFlight: pending > 0, failure, conflict }), [json, savedJson, pending, failure, conflict]);
  return useMemo(() => ({ status, runSave, overwrite, reload }), [status, runSave, overwrite, reload]);
}

export function useValidation(
  definition: WorkflowDefinition,
  onValidate: ValidateAction,
  initialProblems: readonly Problem[] | undefined,
): { problems: readonly Problem[]; index: ProblemIndex; error: string | null } {
  const key = useMemo(() => logicalJson(definition), [definition]);
  const [result, setResult] = useState(() => ({
    key,
    problems: initialProblems ?? [],
    index: indexProblems(initialProblems ?? [], definition),
    error: null as string | null,
  }));
  const sequence = useRef(0);
  const latest = useRef(definition);
  useEffect(() => {
    latest.current = definition;
  }, [definition]);

  useEffect(() => {
    if (key === result.key && initialProblems !== undefined) return;
    const ticket = ++sequence.current;
    const timer = setTimeout(async () => {
      const checked = latest.current;
      try {
        const problems = await onValidate(checked);
        if (ticket !== sequence.current) return;
        setResult({ key, problems, index: indexProblems(problems, checked), error: null });
      } catch (e) {
        if (ticket === sequence.current) setResult((r) => ({ ...r, key, error: errorText(e) }));
      }
    }, VALIDATE_AFTER_MS);
    return () => clearTimeout(timer);
    // result.key is read to skip the first run when the page passed initial problems.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, onValidate]);

  return { problems: result.problems, index: result.index, error: result.error };
}
