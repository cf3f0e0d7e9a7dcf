export default function LoadingWorkflows() {
  return (
    <div className="space-y-6" aria-busy="true" aria-label="Loading workflows">
      <div className="flex items-start justify-between">
        <div className="space-y-2">
          <div className="h-7 w-36 animate-pulse rounded-md bg-zinc-200" />
          <div className="h-4 w-48 animate-pulse rounded bg-zinc-100" />
        </div>
        <div className="h-10 w-96 animate-pulse rounded-lg bg-zinc-100" />
      </div>
      <div className="divide-y divide-zinc-100 rounded-2xl border border-zinc-200 bg-white">
        {[0, 1, 2].map((row) => (
          <div key={row} className="flex items-center gap-4 px-5 py-4">
            <div className="size-9 animate-pulse rounded-lg bg-zinc-100" />
            <div className="flex-1 space-y-2">
              <div className="h-4 w-1/3 animate-pulse rounded bg-zinc-200" />
              <div className="h-3 w-24 animate-pulse rounded bg-zinc-100" />
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
