import { CircleAlert, CircleCheck } from "lucide-react";
import type { ReactNode } from "react";

type AlertProps = { tone?: "error" | "success"; children: ReactNode; className?: string };

export function Alert({ tone = "error", children, className = "" }: AlertProps) {
  const Icon = tone === "error" ? CircleAlert : CircleCheck;
  const colors =
    tone === "error" ? "border-red-200 bg-red-50 text-red-800" : "border-emerald-200 bg-emerald-50 text-emerald-800";
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={`flex items-start gap-2.5 rounded-lg border px-3 py-2.5 text-sm ${colors} ${className}`}
    >
      <Icon aria-hidden className="mt-0.5 size-4 shrink-0" />
      <div>{children}</div>
    </div>
  );
}
