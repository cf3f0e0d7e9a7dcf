import { CircleAlert } from "lucide-react";

/** A stored definition the editor can't open (written by hand or an old tool): shown, never overwritten. */
export function UnreadableDefinition({ definition }: { definition: unknown }) {
  return (
    <div className="mx-auto mt-10 w-full max-w-2xl rounded-2xl border border-amber-200 bg-white p-6 shadow-xs">
      <h2 className="flex items-center gap-2 text-base font-semibold text-zinc-900">
        <CircleAlert className="size-5 text-amber-500" aria-hidden /> This definition can&apos;t be opened in the editor
      </h2>
      <p className="mt-1 text-sm text-zinc-600">
        It needs <code>version: 1</code> and <code>nodes</code> and <code>edges</code> arrays. Nothing was changed; fix it through the API and reload.
      </p>
      <pre className="mt-4 max-h-96 overflow-auto rounded-lg bg-zinc-50 p-3 font-mono text-xs text-zinc-700">{JSON.stringify(definition, null, 2)}</pre>
    </div>
  );
}
