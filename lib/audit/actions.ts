/**
 * What the audit log records (issue 16): one entry per change a person or an API key makes to a
 * workflow, a run, a secret, a key or a workspace's membership. Reads are not recorded. The label is how the log page and
 * the CSV say it.
 */
export const AUDIT_ACTIONS = {
  "workflow.create": "created workflow",
  "workflow.edit": "edited workflow",
  "workflow.rename": "renamed workflow",
  "workflow.delete": "deleted workflow",
  "workflow.version": "saved a version of",
  "workflow.webhook_reset": "made a new webhook URL for",
  "workflow.tool": "changed the MCP tool settings of",
  "run.start": "started run",
  "run.cancel": "cancelled run",
  "run.approve": "approved in run",
  "run.reject": "rejected in run",
  "run.answer": "answered a waiting step of run",
  "run.share": "shared run",
  "run.unshare": "stopped sharing run",
  "secret.set": "set secret",
  "secret.delete": "deleted secret",
  "api_key.create": "created API key",
  "api_key.revoke": "revoked API key",
  "workspace.create": "created workspace",
  "member.invite": "invited",
  "member.uninvite": "withdrew the invitation of",
  "member.join": "joined",
  "member.role": "changed the role of",
  "member.remove": "removed",
  "member.leave": "left",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_IDS = Object.keys(AUDIT_ACTIONS) as AuditAction[];

export const AUDIT_OBJECT_TYPES = ["workflow", "run", "secret", "api_key", "workspace", "member"] as const;
export type AuditObjectType = (typeof AUDIT_OBJECT_TYPES)[number];

/** The object type an action concerns: the part before the dot. */
export const objectTypeOf = (action: AuditAction) => action.slice(0, action.indexOf(".")) as AuditObjectType;

export const isAuditAction = (value: string): value is AuditAction => Object.hasOwn(AUDIT_ACTIONS, value);
