/**
 * `slack`: posts a message to Slack, by an incoming-webhook URL (the channel is the webhook's) or
 * with a bot token and `chat.postMessage` to a channel. Both usually come from secrets
 * ({{env.SLACK_WEBHOOK_URL}}, {{env.SLACK_BOT_TOKEN}}). The http node's rules apply (public
 * addresses only unless FLOWMAESTRO_ALLOW_PRIVATE_HTTP=1). Slack answers an API error with HTTP 200
 * and `ok: false`: that fails the node with SLACK_ERROR and Slack's reason (invalid_auth,
 * channel_not_found…); a rate limit is HTTP_429, retryable.
 */
import { z } from "zod";
import { ErrorCode, NodeError } from "../errors";
import { callJsonApi, type ApiDependencies } from "../net/json-api";
import { systemResolver } from "../net/ssrf";
import { defineHandler } from "./types";

export const SLACK_ERROR = "SLACK_ERROR";
const SLACK_API = "https://slack.com/api";

const text = (value: unknown) => (typeof value === "string" ? value : value === null || value === undefined ? "" : JSON.stringify(value));

const configSchema = z
  .object({
    webhookUrl: z.string().optional().describe("An incoming-webhook URL, usually a secret like {{env.SLACK_WEBHOOK_URL}} (then no token or channel)"),
    token: z.string().optional().describe("A bot token (xoxb-…) for chat.postMessage, usually {{env.SLACK_BOT_TOKEN}}"),
    channel: z.string().optional().describe("With a token: the channel id or name, e.g. #deploys or C0123456"),
    text: z.preprocess(text, z.string().min(1, "the message text")).describe("The message (Slack's mrkdwn: *bold*, <https://example.com|links>)"),
    blocks: z.array(z.record(z.string(), z.unknown())).optional().describe("Block Kit blocks, shown instead of the text (which stays the notification's)"),
    apiUrl: z.string().optional().describe("With a token: Slack's API base, https://slack.com/api by default (a Slack-compatible server's otherwise)"),
  })
  .superRefine((c, issue) => {
    if (c.webhookUrl && c.token) issue.addIssue({ code: "custom", path: ["token"], message: "give a webhook URL or a token, not both" });
    else if (!c.webhookUrl && !c.token) issue.addIssue({ code: "custom", path: ["webhookUrl"], message: "give an incoming-webhook URL, or a bot token and a channel" });
    else if (c.token && !c.channel) issue.addIssue({ code: "custom", path: ["channel"], message: "a bot token posts to a channel: name it" });
  });
export type SlackConfig = z.infer<typeof configSchema>;

function urlOf(raw: string, field: string): URL {
  try {
    return new URL(raw.trim());
  } catch {
    throw new NodeError(`${field} is not a valid URL`, ErrorCode.VALIDATION_ERROR, { retryable: false });
  }
}

/** The handler with its DNS resolver injectable (tests); `slackHandler` uses the system's. */
export function createSlackHandler(deps: ApiDependencies = { resolver: systemResolver }) {
  return defineHandler<SlackConfig>({
    type: "slack",
    label: "Slack message",
    keywords: ["slack", "chat", "message", "post"],
    description: "Post a message to a Slack channel (webhook URL or bot token)",
    category: "action",
    configSchema,
    handles: () => ["source"],
    async execute(config, ctx) {
      const message = { text: config.text, ...(config.blocks ? { blocks: config.blocks } : {}) };
      if (config.webhookUrl) {
        // An incoming webhook answers 200 "ok", or 4xx with a reason (invalid_payload, no_service…).
        await callJsonApi(ctx, deps, { method: "POST", url: urlOf(config.webhookUrl, "webhookUrl"), headers: {}, body: message });
        return { kind: "done", output: { ok: true } };
      }
      const base = (config.apiUrl?.trim() || SLACK_API).replace(/\/+$/, "");
      const answer = await callJsonApi(ctx, deps, {
        method: "POST",
        url: urlOf(`${base}/chat.postMessage`, "apiUrl"),
        headers: { authorization: `Bearer ${config.token}` },
        body: { channel: config.channel, ...message },
      });
      const data = (answer.data ?? {}) as { ok?: unknown; error?: unknown; channel?: unknown; ts?: unknown };
      if (data.ok !== true) {
        const reason = typeof data.error === "string" ? data.error : "no ok in Slack's answer";
        throw new NodeError(`Slack refused the message: ${reason}`, SLACK_ERROR, { retryable: reason === "ratelimited" || reason === "internal_error" });
      }
      return { kind: "done", output: { ok: true, channel: data.channel ?? config.channel, ts: data.ts ?? null } };
    },
  });
}

export const slackHandler = createSlackHandler();
