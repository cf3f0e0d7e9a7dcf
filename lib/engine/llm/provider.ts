/**
 * Picks the provider, base URL and API key of an llm node and builds the AI
 * SDK model. Keys and base URLs come from the workspace's variables
 * (`ctx.scope.env`) or the node's config, never from the server's process
 * environment: both SDK providers fall back to process.env when a setting is
 * missing, so every setting is passed explicitly.
 */
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModel } from "ai";
import { ErrorCode, NodeError } from "../errors";

export type ProviderName = "openai" | "anthropic";

interface ProviderDefaults {
  label: string;
  keySecret: string;
  baseUrlVariable: string;
  baseUrl: string;
}

export const providerDefaults: Record<ProviderName, ProviderDefaults> = {
  openai: { label: "OpenAI", keySecret: "OPENAI_API_KEY", baseUrlVariable: "OPENAI_BASE_URL", baseUrl: "https://api.openai.com/v1" },
  anthropic: { label: "Anthropic", keySecret: "ANTHROPIC_API_KEY", baseUrlVariable: "ANTHROPIC_BASE_URL", baseUrl: "https://api.anthropic.com/v1" },
};

export interface ProviderSettings {
  provider?: ProviderName;
  model: string;
  baseUrl?: string;
  apiKeySecret?: string;
}

export interface ResolvedProvider {
  name: ProviderName;
  label: string;
  baseUrl: string;
  /** True when the base URL was chosen by the user (config or workspace variable). */
  customBaseUrl: boolean;
  apiKey: string | undefined;
  keySecret: string;
}

/** `provider` when given, else Anthropic for `claude*` models, else OpenAI (which covers every OpenAI-compatible server). */
export function providerOf(settings: Pick<ProviderSettings, "provider" | "model">): ProviderName {
  if (settings.provider) return settings.provider;
  return /^claude/i.test(settings.model.trim()) ? "anthropic" : "openai";
}

function invalid(message: string): NodeError {
  return new NodeError(message, ErrorCode.VALIDATION_ERROR, { retryable: false });
}

const stringIn = (env: Readonly<Record<string, unknown>>, name: string): string | undefined => {
  const value = env[name];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
};

/**
 * Settings from the config and the workspace variables. A missing key fails
 * (naming the secret to set), except against a custom base URL with no
 * `apiKeySecret`: local servers (Ollama, LM Studio, vLLM) usually need none.
 */
export function resolveProvider(settings: ProviderSettings, env: Readonly<Record<string, unknown>>): ResolvedProvider {
  const name = providerOf(settings);
  const defaults = providerDefaults[name];
  const configured = settings.baseUrl?.trim() || stringIn(env, defaults.baseUrlVariable);
  const baseUrl = (configured ?? defaults.baseUrl).replace(/\/+$/, "");
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http");
  } catch {
    const where = settings.baseUrl?.trim() ? "baseUrl" : `the workspace variable ${defaults.baseUrlVariable}`;
    throw invalid(`${where} is not an http(s) URL: "${baseUrl}"`);
  }
  const keySecret = settings.apiKeySecret?.trim() || defaults.keySecret;
  const apiKey = stringIn(env, keySecret);
  const customBaseUrl = configured !== undefined;
  if (apiKey === undefined && (settings.apiKeySecret || !customBaseUrl)) {
    throw invalid(
      `no ${defaults.label} API key: add a workspace secret named ${keySecret} ` +
        `(on the command line: --env ${keySecret}=...)${settings.apiKeySecret ? "" : ", or pick another secret with apiKeySecret"}`,
    );
  }
  return { name, label: defaults.label, baseUrl, customBaseUrl, apiKey, keySecret };
}

export function createModel(resolved: ResolvedProvider, model: string, fetch: typeof globalThis.fetch): LanguageModel {
  if (resolved.name === "anthropic") {
    return createAnthropic({ baseURL: resolved.baseUrl, apiKey: resolved.apiKey ?? "", fetch })(model);
  }
  // The chat completions API: the one OpenAI-compatible servers (Azure, Ollama, vLLM, LM Studio) implement.
  return createOpenAI({ baseURL: resolved.baseUrl, apiKey: resolved.apiKey ?? "", fetch }).chat(model);
}
