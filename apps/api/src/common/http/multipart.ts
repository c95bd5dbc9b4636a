import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error.js';

export type UploadedFile = { field: string; buffer: Buffer; mimetype: string };
export type MultipartBody = { files: UploadedFile[]; fields: Map<string, string> };

/** As many non-file fields as any form here sends (the app registers @fastify/multipart with the same limit). */
const MAX_FIELDS = 4;

const tooLarge = (field: string, message: string) => new DomainError('too_large', `${field}: ${message}`, [{ path: field, message }]);

/**
 * Reads a whole multipart/form-data body (files into memory, up to the configured limits). A body that is not
 * multipart, or whose framing is broken (no boundary, truncated, malformed headers), is a 400 naming `body`. At most
 * one file, in one of `fileFields` (default `photo`): a file under another name is a 400 naming that field (it would
 * otherwise be dropped without a word), a second file or a field too many a 413 naming it, a file over the size
 * limit a 413 naming its field. Text fields likewise: only those in `textFields` (default none), each at most once; a
 * text field under another name — a `photo` sent as text included — is a 400 naming it, never dropped. Field values
 * are checked by the caller's contract.
 */
export async function readMultipart(
  request: FastifyRequest,
  { fileFields = ['photo'], textFields = [] }: { fileFields?: string[]; textFields?: string[] } = {},
): Promise<MultipartBody> {
  if (!request.isMultipart()) throw DomainError.invalid([{ path: 'body', message: 'must be multipart/form-data' }]);
  const body: MultipartBody = { files: [], fields: new Map() };
  let fieldCount = 0;
  try {
    // One file and one field more than allowed get through the parser, so that the refusal can name them.
    for await (const part of request.parts({ limits: { files: 2, fields: MAX_FIELDS + 1, parts: MAX_FIELDS + 3 } })) {
      if (part.type === 'file') {
        if (!fileFields.includes(part.fieldname)) {
          const expected = fileFields.map((f) => `\`${f}\``).join(' or ');
          throw DomainError.invalid([{ path: part.fieldname, message: `is not a file this request takes (send it as ${expected})` }]);
        }
        if (body.files.length > 0) throw tooLarge(part.fieldname, 'only one file per request');
        try {
          body.files.push({ field: part.fieldname, buffer: await part.toBuffer(), mimetype: part.mimetype });
        } catch (error) {
          if ((error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE')
            throw tooLarge(part.fieldname, 'is larger than the largest file taken (MEDIA_MAX_BYTES)');
          throw error;
        }
      } else {
        if (++fieldCount > MAX_FIELDS) throw tooLarge(part.fieldname, `is one field too many (at most ${MAX_FIELDS} besides the file)`);
        if (fileFields.includes(part.fieldname)) throw DomainError.invalid([{ path: part.fieldname, message: 'must be sent as a file, not as text' }]);
        if (!textFields.includes(part.fieldname)) {
          const taken = textFields.length > 0 ? `it takes ${textFields.map((f) => `\`${f}\``).join(', ')}` : 'it takes no text fields';
          throw DomainError.invalid([{ path: part.fieldname, message: `is not a field this request takes (${taken})` }]);
        }
        if (body.fields.has(part.fieldname)) throw DomainError.invalid([{ path: part.fieldname, message: 'is sent more than once' }]);
        // A part sent as `Content-Type: application/json` (curl -F 'report=<r.json;type=application/json') arrives
        // parsed; it is kept as its JSON text, like any other text field, for the caller's contract to read.
        body.fields.set(part.fieldname, part.mimetype === 'application/json' || typeof part.value !== 'string' ? JSON.stringify(part.value) : part.value);
      }
    }
  } catch (error) {
    const status = (error as { statusCode?: unknown }).statusCode;
    if (error instanceof DomainError) throw error;
    // A limit the checks above did not catch first (too many parts): still a 413, naming the body.
    if (typeof status === 'number' && status === 413) throw tooLarge('body', `${(error as Error).message} (at most one file and ${MAX_FIELDS} fields)`);
    const detail = typeof status === 'number' && status < 500 && error instanceof Error ? ` (${error.message})` : '';
    throw DomainError.invalid([{ path: 'body', message: `is not valid multipart/form-data${detail}` }]);
  }
  return body;
}
