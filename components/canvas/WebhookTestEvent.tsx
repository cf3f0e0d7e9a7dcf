"use client";
/** The request caught by "Listen for a test event": body, headers (credentials left out) and query; pinnable as the node's sample data. */
import { useState } from "react";
import { JsonTree } from "@/components/runs/JsonTree";
import type { TestEvent } from "@/lib/runs/webhook-listen";
import { PinResult } from "./PinnedData";

const TABS = ["body", "headers", "query"] as const;
type Tab = (typeof TABS)[number];
const TAB_LABELS: Record<Tab, string> = { body: "Body", headers: "Headers", query: "Query" };

export function WebhookTestEvent({ event, nodeId }: { event: TestEvent; nodeId: string }) {
  const [tab, setTab] = useState<Tab>("body");
  const count = (tab: Tab) => (tab === "body" ? null : Object.keys(event[tab]).length);
  return (
    <div className="mt-2" data-testid="webhook-test-event">
      <p className="mb-2 text-[11.5px] text-zinc-500">
        Request received {new Date(event.receivedAt).toLocaleTimeString()}; no run started.
      </p>
      <div role="tablist" aria-label="Test request" className="mb-2 flex gap-1 rounded-lg bg-zinc-100 p-0.5">
        {TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            onClick={() => setTab(t)}
            className={`flex-1 rounded-md px-2 py-1 text-[11.5px] font-medium ${tab === t ? "bg-white text-zinc-900 shadow-sm" : "text-zinc-500 hover:text-zinc-800"}`}
          >
            {TAB_LABELS[t]}
            {count(t) !== null && <span className="ml-1 text-zinc-400">{count(t)}</span>}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        <JsonTree value={event[tab]} label={`Test request ${tab}`} testId={`webhook-test-${tab}`} />
      </div>
      {/* What the webhook node outputs for this request (lib/engine/handlers/webhook.ts). */}
      <div className="mt-2">
        <PinResult nodeId={nodeId} output={{ body: event.body ?? null, headers: event.headers, query: event.query }} label="Pin as sample data" />
      </div>
    </div>
  );
}
