import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error.js';

export type UploadedFile = { field: string; buffer: Buffer; mimetype: string };
export type MultipartBody = { files: UploadedFile[]; fields: Map<string, string> };

/**
 * Reads a whole multipart/form-data body (files into memory, up to the configured limits). A body that is not
 * multipart, or whose framing is broken (no boundary, truncated, malformed headers), is a 400 naming `body`;
 * a file over the size limit stays a 413. Field values are checked by the caller's contract.
 */
export async function readMultipart(request: FastifyRequest): Promise<MultipartBody> {
  if (!request.isMultipart()) throw DomainError.invalid([{ path: 'body', message: 'must be multipart/form-data' }]);
  const body: MultipartBody = { files: [], fields: new Map() };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') body.files.push({ field: part.fieldname, buffer: await part.toBuffer(), mimetype: part.mimetype });
      else body.fields.set(part.fieldname, typeof part.value === 'string' ? part.value : String(part.value));
    }
  } catch (error) {
    const status = (error as { statusCode?: unknown }).statusCode;
    if (error instanceof DomainError || (typeof status === 'number' && status === 413)) throw error;
    const detail = typeof status === 'number' && status < 500 && error instanceof Error ? ` (${error.message})` : '';
    throw DomainError.invalid([{ path: 'body', message: `is not valid multipart/form-data${detail}` }]);
  }
  return body;
}
