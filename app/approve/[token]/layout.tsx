import type { ReactNode } from "react";
import { Logo } from "@/components/ui/logo";

// Public pages of an approval link: no app chrome, the product's mark and a quiet backdrop.
export default function ApproveLayout({ children }: { children: ReactNode }) {
  return (
    <main className="relative flex min-h-dvh flex-col items-center px-4 py-12 sm:py-16">
      <div
        aria-hidden
        className="pointer-events-none absolute inset-0 -z-10 bg-[radial-gradient(circle_at_1px_1px,var(--color-zinc-300)_1px,transparent_0)] [background-size:24px_24px] [mask-image:radial-gradient(ellipse_at_top,black_30%,transparent_75%)]"
      />
      <Logo className="mb-8" />
      <div className="w-full max-w-lg">{children}</div>
      <p className="mt-8 max-w-sm text-center text-[12px] leading-relaxed text-zinc-400">This link was sent to you personally. It works once; opening it does not decide anything.</p>
    </main>
  );
}
