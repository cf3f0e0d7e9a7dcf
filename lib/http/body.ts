// The one reader of request bodies: stops at the size limit while the body streams in (with or
// without Content-Length), so a 300 MB upload costs at most the limit plus one chunk of memory.
export const MAX_BODY_BYTES = 1_000_000;

/**
 * How long a refused upload stays stalled before its connection is cut. Cutting at once resets
 * the connection while the client still sends, and a reset can discard the 413 before the client
 * reads it: this is the "lingering close" of Apache and nginx, except nothing more is read.
 */
export const LINGER_MS = 2_000;

export type BodyResult<T> = { ok: true; data: T } | { ok: false; response: Response };

export function jsonError(status: number, error: string, extra?: Record<string, unknown>, headers?: HeadersInit): Response {
  return Response.json({ error, ...extra }, { status, headers });
}

export function tooLarge(limit: number): Response {
  return jsonError(413, `The request body is larger than ${limit} bytes`, { limit });
}

/**
 * Reads no further: the upload stalls (TCP back-pressure), and after LINGER_MS the stream is
 * cancelled, which under next start destroys the socket. (Not at once: see LINGER_MS.)
 */
function refuseRest(reader: ReadableStreamDefaultReader<Uint8Array>, limit: number): BodyResult<never> {
  setTimeout(() => void reader.cancel().catch(() => {}), LINGER_MS).unref?.();
  return { ok: false, response: tooLarge(limit) };
}

/** The body's bytes, or 413 as soon as more than `limit` bytes arrived (or were announced). */
export async function readBodyBytes(request: Request, limit = MAX_BODY_BYTES): Promise<BodyResult<Uint8Array<ArrayBuffer>>> {
  const declared = request.headers.get("content-length");
  const announcedTooLarge = declared !== null && Number(declared) > limit;
  if (!request.body) return announcedTooLarge ? { ok: false, response: tooLarge(limit) } : { ok: true, data: new Uint8Array(0) };
  const reader = request.body.getReader();
  if (announcedTooLarge) {
    // One read marks the body as taken; an untouched body is drained whole by Node after the
    // answer, to keep the connection for the next request.
    void reader.read().catch(() => {});
    return refuseRest(reader, limit);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) return refuseRest(reader, limit);
      chunks.push(value);
    }
  } catch {
    return { ok: false, response: jsonError(400, "The request body could not be read (the upload was interrupted)") };
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, data: bytes };
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** The body as text: invalid UTF-8 is refused rather than replaced (that would change the data). */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<BodyResult<string>> {
  const bytes = await readBodyBytes(request, limit);
  if (!bytes.ok) return bytes;
  try {
    return { ok: true, data: utf8.decode(bytes.data) };
  } catch {
    return { ok: false, response: jsonError(400, "The request body is not valid UTF-8 text", { issues: [{ path: "(body)", message: "not valid UTF-8" }] }) };
  }
}
