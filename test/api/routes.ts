// Every route module under app/api, imported once for the API tests.
import * as startRuns from "../../app/api/workflows/[id]/runs/route";
import * as runRoute from "../../app/api/runs/[id]/route";
import * as cancelRoute from "../../app/api/runs/[id]/cancel/route";
import * as resumeRoute from "../../app/api/runs/[id]/resume/route";
import * as rerunRoute from "../../app/api/runs/[id]/rerun/route";
import * as eventsRoute from "../../app/api/runs/[id]/events/route";
import * as hooksRoute from "../../app/api/hooks/[workflowId]/[secret]/route";
import * as triggerTokenRoute from "../../app/api/runs/[id]/trigger-token/route";
import * as workflowsRoute from "../../app/api/workflows/route";
import * as workflowRoute from "../../app/api/workflows/[id]/route";
import * as auditRoute from "../../app/api/audit/route";

export { startRuns, runRoute, cancelRoute, resumeRoute, rerunRoute, eventsRoute, hooksRoute, triggerTokenRoute, workflowsRoute, workflowRoute, auditRoute };
