import { AppError } from './errors';

/*
 * Reading a JSON request body within a byte limit.
 *
 * `Content-Length` is checked first only as a shortcut for honest clients: it can be absent
 * (chunked transfer) or wrong, so the limit is enforced on the bytes actually read, and reading
 * stops at the first chunk past it — a hostile client cannot make us buffer more than the limit.
 * Error messages are fixed: JSON.parse's own message quotes the input, which may be patient data.
 */

/** Whether `Content-Type` is JSON (`application/json`, optionally with `charset=utf-8`). */
export const isJsonContentType = (contentType: string | null): boolean => {
  if (contentType === null) {
    return false;
  }
  const [mediaType = '', ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') {
    return false;
  }
  return parameters.every((parameter) => !parameter.startsWith('charset=') || /^charset="?utf-8"?$/.test(parameter));
};

/** Reads at most `limitBytes` of the body; 413 past it. */
export const readBodyBytes = async (request: Request, limitBytes: number): Promise<Uint8Array> => {
  const declared = request.headers.get('content-length');
  if (declared !== null) {
    if (!/^\d+$/.test(declared.trim())) {
      throw new AppError('BAD_REQUEST', 'The Content-Length header is invalid.');
    }
    if (Number(declared) > limitBytes) {
      throw new AppError('PAYLOAD_TOO_LARGE');
    }
  }
  if (request.body === null) {
    return new Uint8Array(0);
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch {
        // The client went away mid-upload (or the stream broke): its problem, not a server fault.
        throw new AppError('BAD_REQUEST', 'The request body could not be read.');
      }
      const { done, value } = next;
      if (done) {
        break;
      }
      total += value.byteLength;
      if (total > limitBytes) {
        // Stop the upload instead of draining it.
        await reader.cancel().catch(() => undefined);
        throw new AppError('PAYLOAD_TOO_LARGE');
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
};

/**
 * The request's JSON body: 415 unless the Content-Type is JSON, 413 past `limitBytes`, 400 when
 * it is empty, not UTF-8 or not JSON.
 */
export const readJsonBody = async (request: Request, limitBytes: number): Promise<unknown> => {
  if (!isJsonContentType(request.headers.get('content-type'))) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  }
  const bytes = await readBodyBytes(request, limitBytes);
  if (bytes.byteLength === 0) {
    throw new AppError('BAD_REQUEST', 'A JSON request body is required.');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('BAD_REQUEST', 'The request body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('BAD_REQUEST', 'The request body is not valid JSON.');
  }
};
