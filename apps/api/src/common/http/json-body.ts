import { jsonDepthExceeds, MAX_JSON_DEPTH } from '@centinela/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The JSON body parser: bytes that are not UTF-8 are refused (decoding would silently replace them with U+FFFD),
 * bodies nested deeper than MAX_JSON_DEPTH are refused before the parser recurses into them, and the rest goes
 * through Fastify's own JSON parser (which refuses `__proto__` and `constructor` keys). Each refusal is a 400.
 */
export function strictJsonParser(fastify: FastifyInstance) {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void): void => {
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      done(DomainError.invalid([{ path: 'body', message: 'is not valid UTF-8' }]));
      return;
    }
    if (jsonDepthExceeds(text)) {
      done(DomainError.invalid([{ path: 'body', message: `must not be nested deeper than ${MAX_JSON_DEPTH} levels` }]));
      return;
    }
    void parse(request, text, (error, value) => {
      if (error) done(DomainError.invalid([{ path: 'body', message: `is not valid JSON (${error.message})` }]));
      else done(null, value);
    });
  };
}
