import type { OpenAPIObject } from '@nestjs/swagger';

type Operation = { summary?: string; security?: unknown[]; parameters?: { in: string }[]; requestBody?: unknown; responses: Record<string, unknown> };

const errorBody = {
  'application/json': {
    schema: {
      type: 'object',
      required: ['statusCode', 'error', 'message'],
      properties: {
        statusCode: { type: 'integer' },
        error: { type: 'string' },
        message: { type: 'string' },
        issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
        current: { description: 'With 409: the current state of what the request tried to change' },
      },
    },
  },
};

/**
 * Every operation's error responses, derived from what the route is (one rule, so no route forgets one): signed-in
 * routes answer 401 and 403; anything with a body, query or path parameter 400 (naming each field); bodies 413;
 * path ids 404; POSTs 422 (an Idempotency-Key reused for another request); everything 500, and 503 while the
 * database cannot be reached or the process stops (with Retry-After). Routes add their own
 * (409, 410, 415, 429) with the usual decorators.
 */
export function withErrorResponses(document: OpenAPIObject): OpenAPIObject {
  for (const [route, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item as Record<string, Operation | undefined>)) {
      if (!value || typeof value !== 'object' || !('responses' in value)) continue;
      const op = value;
      const add = (status: number, description: string) => {
        op.responses[String(status)] ??= { description, content: errorBody };
      };
      if (op.security?.length) {
        add(401, 'Not signed in, or the session ended');
        add(403, 'Signed in with a role this route is not for, or not the owner of what it names');
      }
      if (op.requestBody || op.parameters?.length) add(400, 'Something sent is invalid: `issues` names each field and its problem');
      if (op.requestBody) add(413, 'The body (or a photo) is larger than allowed');
      if (/\{[^}]+\}/.test(route)) add(404, 'Nothing with that id');
      if (method === 'post') add(422, 'The Idempotency-Key was already used for a different request');
      add(500, 'A bug on our side; it has been logged');
      add(503, 'Temporarily unavailable (the database cannot be reached, or this process is stopping): retry after `Retry-After` seconds');
    }
  }
  return document;
}
