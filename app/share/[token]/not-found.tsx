import { Link2Off } from "lucide-react";
import { Logo } from "@/components/ui/logo";

export default function SharedRunNotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4">
      <Logo className="mb-8" />
      <div className="max-w-md rounded-2xl border border-zinc-200 bg-white p-10 text-center shadow-xs" data-testid="share-not-found">
        <Link2Off aria-hidden className="mx-auto size-8 text-zinc-400" />
        <h1 className="mt-4 text-lg font-semibold text-zinc-900">This shared run isn’t available</h1>
        <p className="mt-1 text-sm text-zinc-600">The link is wrong, or its owner stopped sharing the run.</p>
      </div>
    </main>
  );
}
