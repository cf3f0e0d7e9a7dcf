"use client";
/** Autosave (debounced ~800 ms) and live validation (debounced ~400 ms, ignoring positions) through the page's server actions. */
import { useEffect, useMemo, useRef, useState } from "react";
import type { Problem } from "@/lib/workflows/catalog-types";
import type { WorkflowDefinition } from "@/lib/workflows/definition-types";
import { indexProblems, type ProblemIndex } from "@/lib/workflows/problem-paths";
import type { SaveStatus } from "./editor-context";
import { saveStatusOf } from "./save-status";

export type SaveResult = { ok: true } | { ok?: false; error: string };
export type SaveAction = (definition: WorkflowDefinition) => Promise<SaveResult>;
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

export function useAutosave(definition: WorkflowDefinition, json: string, onSave: SaveAction): SaveStatus {
  const saved = useRef(json);
  const inFlight = useRef(false);
  // Mirrors of the refs above for rendering: the status is derived from these, not set as a flag.
  const [savedJson, setSavedJson] = useState(json);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<{ json: string; message: string } | null>(null);
  const latest = useRef({ definition, json });
  // Declared before the save effect, so that one always reads this render's values.
  useEffect(() => {
    latest.current = { definition, json };
  }, [definition, json]);

  useEffect(() => {
    if (json === saved.current) return;
    const save = async () => {
      if (inFlight.current) return;
      inFlight.current = true;
      setSaving(true);
      const attempt = latest.current;
      try {
        const result = await onSave(attempt.definition);
        if (result.ok) {
          saved.current = attempt.json;
          setSavedJson(attempt.json);
          setFailure(null);
        } else setFailure({ json: attempt.json, message: result.error });
      } catch (e) {
        setFailure({ json: attempt.json, message: errorText(e) });
      } finally {
        inFlight.current = false;
        setSaving(false);
      }
      // Edits made during the save: save again.
      if (latest.current.json !== saved.current && latest.current.json !== attempt.json) void save();
    };
    const timer = setTimeout(() => void save(), SAVE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [json, onSave]);

  // Leaving with unsaved edits: let the browser ask.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (latest.current.json !== saved.current) e.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, []);
  return useMemo(() => saveStatusOf({ json, savedJson, inFlight: saving, failure }), [json, savedJson, saving, failure]);
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
