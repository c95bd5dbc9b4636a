import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain-error.js';
import { readMultipart } from '../common/http/multipart.js';

/** The one file of a multipart request (field `photo`), read into memory up to the configured limit (413 beyond). */
export async function readPhoto(request: FastifyRequest): Promise<{ buffer: Buffer; mimetype: string }> {
  if (!request.isMultipart()) throw DomainError.invalid([{ path: 'photo', message: 'send the photo as multipart/form-data' }]);
  const photo = (await readMultipart(request)).files.find((f) => f.field === 'photo');
  if (!photo) throw DomainError.invalid([{ path: 'photo', message: 'is required' }]);
  return { buffer: photo.buffer, mimetype: photo.mimetype };
}
