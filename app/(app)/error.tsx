"use client";

import { TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";

export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-md rounded-2xl border border-zinc-200 bg-white p-8 text-center shadow-sm">
      <TriangleAlert aria-hidden className="mx-auto size-8 text-amber-500" />
      <h1 className="mt-4 text-lg font-semibold">Something went wrong</h1>
      <p className="mt-1 text-sm text-zinc-600">
        This page could not be loaded. Nothing you saved was lost.
        {error.digest && <span className="mt-2 block font-mono text-xs text-zinc-400">Reference: {error.digest}</span>}
      </p>
      <Button variant="secondary" className="mt-6" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
