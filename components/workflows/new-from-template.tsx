"use client";
/** "New from template" on a list that has workflows: opens the gallery above the list. */
import { LayoutTemplate, X } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

export function NewFromTemplate({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" aria-expanded={open} aria-controls="new-from-template" onClick={() => setOpen((o) => !o)}>
        {open ? <X aria-hidden className="size-4" /> : <LayoutTemplate aria-hidden className="size-4" />}
        {open ? "Close templates" : "New from template"}
      </Button>
      {open && (
        <div id="new-from-template" className="basis-full rounded-2xl border border-indigo-100 bg-indigo-50/40 p-4 sm:p-5">
          {children}
        </div>
      )}
    </>
  );
}
