import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain-error.js';

/** The one file of a multipart request (field `photo`), read into memory up to the configured limit (413 beyond). */
export async function readPhoto(request: FastifyRequest): Promise<{ buffer: Buffer; mimetype: string }> {
  if (!request.isMultipart()) throw DomainError.invalid([{ path: 'photo', message: 'send the photo as multipart/form-data' }]);
  const part = await request.file();
  if (part?.fieldname !== 'photo') throw DomainError.invalid([{ path: 'photo', message: 'is required' }]);
  return { buffer: await part.toBuffer(), mimetype: part.mimetype };
}
