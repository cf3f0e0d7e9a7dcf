/** The FlowMaestro mark: three connected nodes, the shape of a workflow. Same drawing as public/logo.svg. */
export function LogoMark({ className = "size-7" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden>
      <rect width="32" height="32" rx="8" fill="#4f46e5" />
      <path d="M10 11h5a3 3 0 0 1 3 3v4a3 3 0 0 0 3 3h1" fill="none" stroke="#c7d2fe" strokeWidth="2" />
      <circle cx="9" cy="11" r="3" fill="#fff" />
      <circle cx="23" cy="21" r="3" fill="#fff" />
      <circle cx="23" cy="11" r="2" fill="#a5b4fc" />
    </svg>
  );
}

/** `compact`: the mark alone below 640 px (the top bar on a phone needs the room for its sections). */
export function Logo({ className = "", compact = false }: { className?: string; compact?: boolean }) {
  return (
    <span className={`inline-flex items-center gap-2 ${className}`}>
      <LogoMark />
      <span className={`text-[15px] font-semibold tracking-tight text-zinc-900 ${compact ? "max-sm:sr-only" : ""}`}>FlowMaestro</span>
    </span>
  );
}
