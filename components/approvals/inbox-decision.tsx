"use client";
/** Approve or reject one inbox item in place; the list refreshes from the server afterwards. */
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Check, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { decideApprovalAction } from "@/app/(app)/runs/[id]/approval-actions";

export function InboxDecision({ runId, waitpointId, label }: { runId: string; waitpointId: string; label: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const decide = (decision: "approved" | "rejected") =>
    start(async () => {
      setError(null);
      const result = await decideApprovalAction({ runId, waitpointId, decision });
      if ("error" in result) setError(result.error);
      else router.refresh();
    });
  return (
    <div className="flex flex-col items-end gap-1.5">
      <div className="flex gap-2">
        <Button size="sm" variant="ghost" disabled={pending} onClick={() => decide("rejected")} aria-label={`Reject ${label}`}>
          <X aria-hidden className="size-4" />
          Reject
        </Button>
        <Button size="sm" disabled={pending} onClick={() => decide("approved")} aria-label={`Approve ${label}`}>
          <Check aria-hidden className="size-4" />
          Approve
        </Button>
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}
