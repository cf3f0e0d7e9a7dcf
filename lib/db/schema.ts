// The one schema for both drivers (PGlite and PostgreSQL). drizzle-kit reads this file
// (drizzle.config.ts) and writes the SQL migrations in ./drizzle.
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  varchar,
} from "drizzle-orm/pg-core";
import { RUN_STATUSES, type RunStatus } from "../engine/state/types";
import { WORKSPACE_ROLES, type WorkspaceRole } from "../workspaces/role-names";

/** A timestamp with time zone read as a JS Date. */
const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const createdAt = () => tstz("created_at").notNull().defaultNow();

/** One step of a node instance's path: which container (loop/parallel) and which iteration/branch. */
export type PathStep = { container: string; index: number };
export type InstancePath = PathStep[];

// The engine's list of run statuses (with `pending`: recorded, not started): one definition for store and views.
export { RUN_STATUSES, type RunStatus };
export const RUN_TRIGGERS = ["manual", "api", "webhook", "schedule", "cli", "workflow"] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];
export const RUN_RUNTIMES = ["embedded", "trigger.dev", "cli"] as const;
export type RunRuntime = (typeof RUN_RUNTIMES)[number];
/** `workflow`: a parent run waiting for a child run (spec 4.1); answered by the child's end, never by people. */
export const WAITPOINT_KINDS = ["approval", "human_input", "workflow"] as const;
export type WaitpointKind = (typeof WAITPOINT_KINDS)[number];
export const WAITPOINT_STATUSES = ["open", "decided", "expired", "cancelled"] as const;
export type WaitpointStatus = (typeof WAITPOINT_STATUSES)[number];

// ---------------------------------------------------------------------------------------------
// Auth.js (@auth/drizzle-adapter, Postgres). Column *keys* must match the adapter's names; pass
// these tables to DrizzleAdapter(db, { usersTable, accountsTable, sessionsTable,
// verificationTokensTable }) since our table names differ from the adapter's defaults.

export const users = pgTable("users", {
  id: text("id").primaryKey().default(sql`gen_random_uuid()::text`),
  name: text("name"),
  email: text("email").unique(),
  emailVerified: timestamp("email_verified", { withTimezone: true, mode: "date" }),
  image: text("image"),
  /** Credentials sign-in only (argon2 hash); null for OAuth-only users. */
  passwordHash: text("password_hash"),
  /** Carried in every session token; bumping it (sign-out, password change) ends all sessions issued before. */
  sessionVersion: integer("session_version").notNull().default(0),
  createdAt: createdAt(),
});

export const accounts = pgTable(
  "accounts",
  {
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] }), index("accounts_user_idx").on(t.userId)],
);

export const sessions = pgTable("sessions", {
  sessionToken: text("session_token").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  expires: timestamp("expires", { withTimezone: true, mode: "date" }).notNull(),
});

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamp("expires", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

// ---------------------------------------------------------------------------------------------
// Workspaces (issue 16): what workflows, runs, secrets, keys and the audit log belong to. Every
// user has a personal one, made by the database when the user row is inserted (migration 0012),
// and a row given an owner but no workspace lands in the owner's personal workspace (runs: in
// their workflow's), so every writer (sign-up, OAuth, the command line, tests) keeps the rule.

export { WORKSPACE_ROLES, type WorkspaceRole };

export const workspaces = pgTable("workspaces", {
  id: text("id").primaryKey().default(sql`gen_random_uuid()::text`),
  /** In the URL (`/w/<slug>/…`): lowercase letters, digits and dashes. */
  slug: text("slug").notNull().unique(),
  name: varchar("name", { length: 80 }).notNull(),
  /** The user's own: one per user, never shared, never deleted while the user exists. */
  personalOf: text("personal_of").unique().references(() => users.id, { onDelete: "cascade" }),
  createdAt: createdAt(),
});

export const workspaceMembers = pgTable(
  "workspace_members",
  {
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: text("role").$type<WorkspaceRole>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index("workspace_members_user_idx").on(t.userId)],
);

/**
 * An invitation to a team workspace, by link (`email` null: whoever holds it) or for one address
 * (mailed; only that account can take it). Single use, expiring, revocable; the token is stored
 * as its SHA-256 hash only (lib/workspaces/invitations.ts).
 */
export const workspaceInvitations = pgTable(
  "workspace_invitations",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    email: text("email"),
    role: text("role").$type<WorkspaceRole>().notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: tstz("expires_at").notNull(),
    usedAt: tstz("used_at"),
    usedBy: text("used_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: tstz("revoked_at"),
  },
  (t) => [index("workspace_invitations_workspace_idx").on(t.workspaceId)],
);

/**
 * A workspace column: required, but a writer may leave it out: its default is null, and a BEFORE
 * INSERT trigger (migration 0012) puts the owner's personal workspace there before NOT NULL is checked.
 */
const workspaceId = () =>
  text("workspace_id")
    .notNull()
    .default(sql`null`)
    .references(() => workspaces.id, { onDelete: "cascade" });

// ---------------------------------------------------------------------------------------------
// Workflows and runs

export const workflows = pgTable(
  "workflows",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    workspaceId: workspaceId(),
    name: varchar("name", { length: 120 }).notNull(),
    /** The draft definition (workflow-format JSON). */
    definition: jsonb("definition").notNull(),
    webhookSecret: text("webhook_secret"),
    /** "Listen for a test event": until then, the next webhook request is captured instead of run. */
    webhookListenUntil: tstz("webhook_listen_until"),
    /** The last captured test request: { body, headers, query, receivedAt }. */
    webhookTestEvent: jsonb("webhook_test_event"),
    /** Sample data the owner pinned per node id (Test this node uses it): the draft's, never a version's. */
    pinnedOutputs: jsonb("pinned_outputs").$type<Record<string, unknown>>().notNull().default({}),
    /** Offered as a tool by the MCP server (/api/mcp, lib/mcp), with this description for the model. */
    mcpTool: boolean("mcp_tool").notNull().default(false),
    mcpDescription: text("mcp_description"),
    /** Bumped by every write of definition or name; a save based on an older one is refused (409). */
    revision: integer("revision").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [index("workflows_owner_idx").on(t.ownerId), index("workflows_workspace_idx").on(t.workspaceId)],
);

/** Immutable definition snapshots; every run points at one. workflowId is null for CLI runs. */
export const workflowVersions = pgTable(
  "workflow_versions",
  {
    id: text("id").primaryKey(),
    workflowId: text("workflow_id").references(() => workflows.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    definition: jsonb("definition").notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique("workflow_versions_workflow_version_uq").on(t.workflowId, t.version)],
);

export const runs = pgTable(
  "runs",
  {
    id: text("id").primaryKey(),
    workflowId: text("workflow_id").references(() => workflows.id, { onDelete: "cascade" }),
    versionId: text("version_id")
      .notNull()
      .references(() => workflowVersions.id, { onDelete: "cascade" }),
    ownerId: text("owner_id").references(() => users.id, { onDelete: "cascade" }),
    /** The workflow's workspace, filled from it when left out (null with the owner: command-line runs). */
    workspaceId: text("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    status: text("status").$type<RunStatus>().notNull(),
    trigger: text("trigger").$type<RunTrigger>().notNull(),
    inputs: jsonb("inputs").notNull().default({}),
    outputs: jsonb("outputs"),
    error: jsonb("error"),
    /** The last run result document (what `flowmaestro run --json` prints). */
    result: jsonb("result"),
    runtime: text("runtime").$type<RunRuntime>().notNull(),
    triggerRunId: text("trigger_run_id"),
    /** A child run (trigger `workflow`): the run and node that called it, and its call depth (top level 0). */
    parentRunId: text("parent_run_id").references((): AnyPgColumn => runs.id, { onDelete: "set null" }),
    parentNodeId: text("parent_node_id"),
    callDepth: integer("call_depth").notNull().default(0),
    shareTokenHash: text("share_token_hash").unique(),
    /** The owner lets other sites show the share page in an iframe (/share/<token>/embed). */
    shareEmbeddable: boolean("share_embeddable").notNull().default(false),
    startedAt: tstz("started_at").notNull().defaultNow(),
    finishedAt: tstz("finished_at"),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
    durationMs: integer("duration_ms"),
    /**
     * Who is executing the run now, until when: the fencing token of that execution. Every checkpoint
     * write requires it (lib/runs/store/leases.ts); recovery takes only runs whose lease expired.
     */
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: tstz("lease_expires_at"),
    /** Someone asked the execution holding the lease (maybe in another process) to cancel. */
    cancelRequestedAt: tstz("cancel_requested_at"),
    /** Answers recorded (decided waitpoints) that the run's state does not include yet. */
    inbox: integer("inbox").notNull().default(0),
    /**
     * Crash recoveries in a row that found the run at the same checkpoint (`recoveredAtSeq`), each
     * within 15 minutes of the previous one (`recoveredAt`: a poison run stops the server again soon;
     * a long node across a few deploys does not); 3 fail the run.
     */
    recoveries: integer("recoveries").notNull().default(0),
    recoveredAtSeq: integer("recovered_at_seq"),
    recoveredAt: tstz("recovered_at"),
  },
  (t) => [
    index("runs_owner_started_idx").on(t.ownerId, t.startedAt),
    index("runs_workspace_started_idx").on(t.workspaceId, t.startedAt),
    index("runs_workflow_started_idx").on(t.workflowId, t.startedAt),
    index("runs_status_idx").on(t.status),
    index("runs_parent_idx").on(t.parentRunId),
  ],
);

/** One row per node instance: (nodeId, structured path) inside a run. */
export const nodeRuns = pgTable(
  "node_runs",
  {
    runId: text("run_id").notNull().references(() => runs.id, { onDelete: "cascade" }),
    nodeId: text("node_id").notNull(),
    path: jsonb("path").$type<InstancePath>().notNull().default([]),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    input: jsonb("input"),
    output: jsonb("output"),
    error: jsonb("error"),
    errorRouted: boolean("error_routed").notNull().default(false),
    startedAt: tstz("started_at"),
    finishedAt: tstz("finished_at"),
    durationMs: integer("duration_ms"),
    usage: jsonb("usage"),
  },
  (t) => [primaryKey({ columns: [t.runId, t.nodeId, t.path] })],
);

/** Append-only, per-run sequence numbers. */
export const runEvents = pgTable(
  "run_events",
  {
    runId: text("run_id").notNull().references(() => runs.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    type: text("type").notNull(),
    payload: jsonb("payload").notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

/** The latest RunState of a run (upserted), and the event seq it reflects. */
export const runSnapshots = pgTable("run_snapshots", {
  runId: text("run_id").primaryKey().references(() => runs.id, { onDelete: "cascade" }),
  seq: integer("seq").notNull(),
  state: jsonb("state").notNull(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});

/**
 * The engine's journal between two snapshots: per checkpoint the state inputs it applied (seq =
 * the checkpoint's last event seq). Snapshot + the rows after its seq, replayed, = the current state.
 */
export const runJournal = pgTable(
  "run_journal",
  {
    runId: text("run_id").notNull().references(() => runs.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    entries: jsonb("entries").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

export const waitpoints = pgTable(
  "waitpoints",
  {
    id: text("id").primaryKey(),
    runId: text("run_id").notNull().references(() => runs.id, { onDelete: "cascade" }),
    nodeId: text("node_id").notNull(),
    path: jsonb("path").$type<InstancePath>().notNull().default([]),
    kind: text("kind").$type<WaitpointKind>().notNull(),
    status: text("status").$type<WaitpointStatus>().notNull().default("open"),
    details: jsonb("details"),
    expiresAt: tstz("expires_at"),
    decision: jsonb("decision"),
    decidedBy: text("decided_by"),
    decidedAt: tstz("decided_at"),
    /** When the run's state took the decision in (until then the run's `inbox` counts it). */
    appliedAt: tstz("applied_at"),
    triggerTokenId: text("trigger_token_id"),
    createdAt: createdAt(),
  },
  (t) => [index("waitpoints_status_expires_idx").on(t.status, t.expiresAt), index("waitpoints_run_idx").on(t.runId)],
);

export const approvalTokens = pgTable(
  "approval_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    waitpointId: text("waitpoint_id").notNull().references(() => waitpoints.id, { onDelete: "cascade" }),
    approverEmail: text("approver_email"),
    usedAt: tstz("used_at"),
    expiresAt: tstz("expires_at"),
  },
  (t) => [index("approval_tokens_waitpoint_idx").on(t.waitpointId)],
);

// ---------------------------------------------------------------------------------------------
// Workspace

export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    workspaceId: workspaceId(),
    name: text("name").notNull(),
    /** What the key may do in its workspace, chosen at creation; it never acts above its creator's current role there. */
    role: text("role").$type<WorkspaceRole>().notNull().default("editor"),
    /** First characters of the key, shown in the UI. */
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    createdAt: createdAt(),
    lastUsedAt: tstz("last_used_at"),
    revokedAt: tstz("revoked_at"),
  },
  (t) => [index("api_keys_user_idx").on(t.userId)],
);

export const secrets = pgTable(
  "secrets",
  {
    id: text("id").primaryKey(),
    /** Who set the value last (its encryption is bound to this id and the name). */
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    workspaceId: workspaceId(),
    name: text("name").notNull(),
    valueEncrypted: text("value_encrypted").notNull(),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [unique("secrets_workspace_name_uq").on(t.workspaceId, t.name)],
);

export const outbox = pgTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id").references(() => users.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    runId: text("run_id").references(() => runs.id, { onDelete: "set null" }),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html"),
    createdAt: createdAt(),
    sentAt: tstz("sent_at"),
    error: text("error"),
  },
  (t) => [index("outbox_unsent_idx").on(t.sentAt, t.createdAt)],
);

/**
 * The audit log: who did what to which object, when, from where (lib/audit). Append-only: a
 * database trigger (migration 0011) refuses UPDATE, and DELETE outside the retention prune.
 * The actor and object are also kept as text (`actorLabel`, `objectLabel`) so an entry still
 * reads after the key is revoked or the workflow deleted; ids carry no foreign keys for the same reason.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    /** Insertion order: breaks ties between entries of the same microsecond. */
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** Whose log it is (the account the object belongs to). */
    ownerId: text("owner_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    workspaceId: workspaceId(),
    at: tstz("at").notNull().defaultNow(),
    actorKind: text("actor_kind").notNull(),
    actorUserId: text("actor_user_id"),
    actorApiKeyId: text("actor_api_key_id"),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    objectType: text("object_type").notNull(),
    objectId: text("object_id").notNull(),
    objectLabel: text("object_label"),
    address: text("address"),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
  },
  (t) => [index("audit_events_owner_at_idx").on(t.ownerId, t.at), index("audit_events_workspace_at_idx").on(t.workspaceId, t.at)],
);

/** A schedule tick fires once across processes: inserting its key is the claim. */
export const scheduleTicks = pgTable(
  "schedule_ticks",
  {
    workflowId: text("workflow_id").notNull().references(() => workflows.id, { onDelete: "cascade" }),
    nodeId: text("node_id").notNull(),
    scheduledAt: tstz("scheduled_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workflowId, t.nodeId, t.scheduledAt] })],
);

// ---------------------------------------------------------------------------------------------
// Row types

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Account = typeof accounts.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type VerificationToken = typeof verificationTokens.$inferSelect;
export type Workflow = typeof workflows.$inferSelect;
export type NewWorkflow = typeof workflows.$inferInsert;
export type WorkflowVersion = typeof workflowVersions.$inferSelect;
export type NewWorkflowVersion = typeof workflowVersions.$inferInsert;
export type Run = typeof runs.$inferSelect;
export type NewRun = typeof runs.$inferInsert;
export type NodeRun = typeof nodeRuns.$inferSelect;
export type NewNodeRun = typeof nodeRuns.$inferInsert;
export type RunEvent = typeof runEvents.$inferSelect;
export type NewRunEvent = typeof runEvents.$inferInsert;
export type RunSnapshot = typeof runSnapshots.$inferSelect;
export type Waitpoint = typeof waitpoints.$inferSelect;
export type NewWaitpoint = typeof waitpoints.$inferInsert;
export type ApprovalToken = typeof approvalTokens.$inferSelect;
export type NewApprovalToken = typeof approvalTokens.$inferInsert;
export type ApiKey = typeof apiKeys.$inferSelect;
export type NewApiKey = typeof apiKeys.$inferInsert;
export type Secret = typeof secrets.$inferSelect;
export type NewSecret = typeof secrets.$inferInsert;
export type OutboxMessage = typeof outbox.$inferSelect;
export type NewOutboxMessage = typeof outbox.$inferInsert;
export type ScheduleTick = typeof scheduleTicks.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type Workspace = typeof workspaces.$inferSelect;
export type WorkspaceMember = typeof workspaceMembers.$inferSelect;
export type WorkspaceInvitation = typeof workspaceInvitations.$inferSelect;

/** One row rewritten by /api/health's write probe: a database that rejects writes shows up there. */
/**
 * Data of runs on Trigger.dev too large for the platform (a node's output above 1 MB, an attempt's
 * config and scope that would make its batch item exceed the 3 MB item limit): kept here, sent as a
 * reference `{ $fmBlob: id }` (lib/runs/trigger/blobs.ts). Secrets in it are sealed references.
 */
export const triggerBlobs = pgTable(
  "trigger_blobs",
  {
    id: text("id").primaryKey(),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    value: jsonb("value").notNull(),
    bytes: integer("bytes").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("trigger_blobs_run_idx").on(t.runId)],
);

export const healthProbe = pgTable("health_probe", {
  id: text("id").primaryKey(),
  checkedAt: tstz("checked_at").notNull().defaultNow(),
});
