"use client";
/** "Import JSON": pick a definition file; it is checked on the server and opens in the editor, or the problems show with their paths. */
import { FileUp } from "lucide-react";
import { useActionState, useRef, useSyncExternalStore } from "react";
import type { ActionState } from "@/lib/auth/action";
import { buttonClasses } from "@/components/ui/button";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

const noSubscription = () => () => {};

export function ImportWorkflowForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, {});
  const form = useRef<HTMLFormElement>(null);
  // A file picked before hydration would be lost (nothing listens to the change yet): the input is
  // enabled once the page is interactive.
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  return (
    <form ref={form} action={formAction} aria-label="Import a workflow file" className="contents" data-hydrated={hydrated}>
      <label className={buttonClasses("secondary", "md", `cursor-pointer ${pending ? "opacity-60" : ""}`)}>
        <FileUp aria-hidden className="size-4" />
        {pending ? "Importing…" : "Import JSON"}
        <input
          type="file"
          name="file"
          accept="application/json,.json"
          className="sr-only"
          data-testid="import-workflow-file"
          disabled={pending || !hydrated}
          onChange={(event) => event.currentTarget.files?.length && form.current?.requestSubmit()}
        />
      </label>
      {state.error && (
        <div role="alert" data-testid="import-error" className="basis-full rounded-lg border border-red-200 bg-red-50 px-3 py-2.5 text-sm whitespace-pre-line text-red-800">
          {state.error}
        </div>
      )}
    </form>
  );
}
