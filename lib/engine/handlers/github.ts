/**
 * `github`: creates an issue, or comments on an issue or pull request, through GitHub's REST API
 * with a token (usually {{env.GITHUB_TOKEN}}: a fine-grained token with Issues: write). `apiUrl`
 * points at GitHub Enterprise Server (https://github.example.com/api/v3). The http node's rules
 * apply. GitHub's own message comes with a failure: HTTP_401 (bad token), HTTP_404 (no such repo,
 * or the token can't see it), HTTP_422 (a field GitHub refuses), HTTP_403/429 for rate limits.
 * GitHub takes no idempotency key: an attempt re-sent after a crash may create a second issue.
 */
import { z } from "zod";
import { ErrorCode, NodeError } from "../errors";
import { callJsonApi, type ApiDependencies } from "../net/json-api";
import { systemResolver } from "../net/ssrf";
import { defineHandler } from "./types";

const GITHUB_API = "https://api.github.com";
const text = (value: unknown) => (typeof value === "string" ? value : value === null || value === undefined ? "" : JSON.stringify(value));
const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

const common = {
  token: z.string().min(1, "a token, e.g. {{env.GITHUB_TOKEN}}").describe("A GitHub token that may write issues, usually {{env.GITHUB_TOKEN}}"),
  repo: z.string().trim().min(1, "the repository, owner/name").describe("The repository as owner/name, e.g. octo-org/website"),
  apiUrl: z.string().optional().describe("GitHub's API base: https://api.github.com by default, https://<host>/api/v3 for GitHub Enterprise Server"),
};

const configSchema = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("create_issue").describe("Open a new issue"),
    ...common,
    title: z.preprocess(text, z.string().min(1, "a title")).describe("The issue's title"),
    body: z.preprocess(text, z.string()).optional().describe("The issue's text (Markdown)"),
    labels: z.array(z.string()).optional().describe("Labels to put on it (they must exist in the repository)"),
  }),
  z.object({
    action: z.literal("comment").describe("Comment on an issue or pull request"),
    ...common,
    issueNumber: z.coerce.number().int().min(1, "the issue or pull request number").describe("The issue or pull request number, e.g. {{inputs.number}}"),
    body: z.preprocess(text, z.string().min(1, "the comment's text")).describe("The comment (Markdown)"),
  }),
]);
export type GithubConfig = z.infer<typeof configSchema>;

function endpoint(config: GithubConfig, path: string): URL {
  if (!REPO.test(config.repo)) throw new NodeError(`repo must be owner/name, got "${config.repo}"`, ErrorCode.VALIDATION_ERROR, { retryable: false });
  const base = (config.apiUrl?.trim() || GITHUB_API).replace(/\/+$/, "");
  try {
    return new URL(`${base}/repos/${config.repo}${path}`);
  } catch {
    throw new NodeError("apiUrl is not a valid URL", ErrorCode.VALIDATION_ERROR, { retryable: false });
  }
}

/** The handler with its DNS resolver injectable (tests); `githubHandler` uses the system's. */
export function createGithubHandler(deps: ApiDependencies = { resolver: systemResolver }) {
  return defineHandler<GithubConfig>({
    type: "github",
    label: "GitHub",
    keywords: ["github", "issue", "comment", "pull request", "git"],
    description: "Open a GitHub issue or comment on one (token from a secret)",
    category: "action",
    configSchema,
    handles: () => ["source"],
    async execute(config, ctx) {
      const headers = { authorization: `Bearer ${config.token}`, accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28" };
      if (config.action === "create_issue") {
        const body = { title: config.title, ...(config.body ? { body: config.body } : {}), ...(config.labels?.length ? { labels: config.labels } : {}) };
        const answer = await callJsonApi(ctx, deps, { method: "POST", url: endpoint(config, "/issues"), headers, body });
        const issue = (answer.data ?? {}) as { number?: unknown; html_url?: unknown; id?: unknown };
        return { kind: "done", output: { number: issue.number ?? null, url: issue.html_url ?? null, id: issue.id ?? null } };
      }
      const answer = await callJsonApi(ctx, deps, { method: "POST", url: endpoint(config, `/issues/${config.issueNumber}/comments`), headers, body: { body: config.body } });
      const comment = (answer.data ?? {}) as { html_url?: unknown; id?: unknown };
      return { kind: "done", output: { id: comment.id ?? null, url: comment.html_url ?? null } };
    },
  });
}

export const githubHandler = createGithubHandler();
