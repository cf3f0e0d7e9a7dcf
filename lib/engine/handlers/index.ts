/** The core node types (spec section 4) and the registry factory. */
import { agentHandler } from "./agent";
import { approvalHandler } from "./approval";
import { conditionHandler } from "./condition";
import { delayHandler } from "./delay";
import { emailHandler } from "./email";
import { failHandler } from "./fail";
import { filterHandler } from "./filter";
import { githubHandler } from "./github";
import { httpHandler } from "./http";
import { humanInputHandler } from "./human-input";
import { javascriptHandler } from "./javascript";
import { jsonataHandler } from "./jsonata";
import { llmHandler } from "./llm";
import { loopHandler } from "./loop";
import { mapHandler } from "./map";
import { mcpHandler } from "./mcp";
import { outputHandler } from "./output";
import { parallelHandler } from "./parallel";
import { postgresHandler } from "./postgres";
import { routerHandler } from "./router";
import { scheduleHandler } from "./schedule";
import { slackHandler } from "./slack";
import { triggerHandler } from "./trigger";
import type { AnyNodeHandler } from "./types";
import { variableHandler } from "./variable";
import { webhookHandler } from "./webhook";
import { workflowHandler } from "./workflow";

export { createRegistry, type Registry } from "./registry";

export const coreHandlers: readonly AnyNodeHandler[] = [
  triggerHandler,
  webhookHandler,
  scheduleHandler,
  httpHandler,
  emailHandler,
  slackHandler,
  githubHandler,
  mcpHandler,
  postgresHandler,
  jsonataHandler,
  javascriptHandler,
  mapHandler,
  filterHandler,
  conditionHandler,
  routerHandler,
  variableHandler,
  delayHandler,
  failHandler,
  outputHandler,
  llmHandler,
  agentHandler,
  approvalHandler,
  humanInputHandler,
  loopHandler,
  parallelHandler,
  workflowHandler,
];
