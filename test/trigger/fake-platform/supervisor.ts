/**
 * The supervisor side of the fake Trigger.dev, which the worker processes (./worker.ts) long-poll
 * under /fake/workers: the next run to execute, a finished attempt (retried after the delay the
 * SDK's TaskExecutor asked for; failed when its output is over 10 MB), and the two waits (all of a
 * batch's runs ended; a token completed or timed out), one at a time per run. Also the object
 * storage the presigned packet URLs point to (/fake/store).
 */
import type http from "node:http";
import { executionOf, HttpError, jsonOf, type Answer } from "./protocol";
import { FINAL, LIMITS, type ExecutionResult, type FakeRun, type FakeState } from "./state";

/** Aborted when the long-polling client goes away before its answer (a killed worker). */
function abortOn(res: http.ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** Answers a /fake/… request, or undefined for any other path. */
export function supervisorRoutes(state: FakeState): (req: http.IncomingMessage, res: http.ServerResponse, path: string, body: Buffer) => Promise<Answer | undefined> {
  const requeueAfter = (run: FakeRun, delay: number) => {
    run.status = "QUEUED";
    run.attempt++;
    run.workerId = undefined;
    run.waitingOn = undefined;
    run.notBefore = Date.now() + delay;
    setTimeout(() => state.changed(), delay + 1).unref();
    state.changed();
  };

  /** Long poll: the next queued run whose time has come, now EXECUTING on this worker. */
  async function nextRun(workerId: string, signal: AbortSignal) {
    const run = await state.until(() => {
      const now = Date.now();
      const ready = [...state.runs.values()].find((r) => r.status === "QUEUED" && r.notBefore <= now);
      if (!ready) return undefined;
      ready.status = "EXECUTING";
      ready.workerId = workerId;
      ready.startedAt ??= new Date();
      ready.updatedAt = new Date();
      return ready;
    }, signal);
    // The worker went away before a run came: nothing was handed out.
    return run ? executionOf(run) : null;
  }

  return async (req, res, path, body) => {
    const method = req.method ?? "GET";
    const json = () => jsonOf(body);
    const m = (pattern: RegExp) => pattern.exec(path);
    const needRun = (id: string) => state.run(decodeURIComponent(id)) ?? (() => { throw new HttpError(404, `no run ${id}`); })();
    const signal = abortOn(res);
    let g: RegExpExecArray | null;

    // Object storage for offloaded payloads and outputs (presigned URLs point here).
    if ((g = m(/^\/fake\/store\/(.+)$/))) {
      const key = decodeURIComponent(g[1]);
      if (method === "PUT") return (state.packets.set(key, { data: body, contentType: req.headers["content-type"] ?? "application/octet-stream" }), { json: {} });
      const packet = state.packets.get(key);
      if (!packet) throw new HttpError(404, `no packet ${key}`);
      // As object storage does: the Content-Type it was uploaded with (the SDK parses the packet by it).
      return { json: packet.data, headers: { "content-type": packet.contentType } };
    }
    if ((g = m(/^\/fake\/workers\/([^/]+)\/next$/))) return { json: await nextRun(g[1], signal) };
    if ((g = m(/^\/fake\/workers\/[^/]+\/runs\/([^/]+)\/complete$/))) {
      const run = needRun(g[1]);
      const result = json() as unknown as ExecutionResult;
      if (FINAL.has(run.status)) return { json: { ignored: true } };
      if (result.ok) {
        const bytes = result.outputType === "application/store" ? (state.packets.get(result.output ?? "")?.data.length ?? 0) : Buffer.byteLength(result.output ?? "");
        if (bytes > LIMITS.outputBytes) state.failAtOnce(run, "TASK_OUTPUT_ERROR", `Output of ${bytes} bytes is over the ${LIMITS.outputBytes}-byte limit`);
        else state.finish(run, result);
      } else if (result.retry) requeueAfter(run, Math.max(0, result.retry.delay));
      else state.finish(run, result);
      return { json: { ok: true } };
    }
    if ((g = m(/^\/fake\/workers\/[^/]+\/runs\/([^/]+)\/wait-batch\/([^/]+)$/))) {
      const run = needRun(g[1]);
      const batch = state.batches.get(g[2]);
      if (!batch) throw new HttpError(404, `no batch ${g[2]}`);
      const refused = state.beginWait(run, `batch:${batch.id}`);
      if (refused) return { status: 409, json: { code: "TASK_DID_CONCURRENT_WAIT", message: refused } };
      const items = await state.until(() => {
        if (!batch.sealed) return undefined;
        const children = batch.runIds.map((id) => state.run(id)!);
        return children.every((c) => FINAL.has(c.status)) ? children.map((c) => ({ ...c.result!, id: c.id })) : undefined;
      }, signal);
      // The worker is gone (killed: cancel, crash): its run may already wait again in a new attempt.
      if (signal.aborted) return { json: null };
      state.endWait(run);
      return { json: { id: batch.id, items } };
    }
    if ((g = m(/^\/fake\/workers\/[^/]+\/runs\/([^/]+)\/wait-token\/([^/]+)$/))) {
      const run = needRun(g[1]);
      const token = state.tokens.get(g[2]);
      if (!token) throw new HttpError(404, `no token ${g[2]}`);
      const refused = state.beginWait(run, `token:${token.id}`);
      if (refused) return { status: 409, json: { code: "TASK_DID_CONCURRENT_WAIT", message: refused } };
      await state.until(() => (token.status === "WAITING" ? undefined : true), signal);
      if (signal.aborted) return { json: null };
      state.endWait(run);
      return { json: { ok: token.status === "COMPLETED", output: token.output, outputType: "application/json" } };
    }

    return undefined;
  };
}
