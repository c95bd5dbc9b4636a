import { Body, Param, Query } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';
import { ZodPipe } from './zod.pipe.js';

type JsonSchema = Record<string, unknown>;

/** The JSON Schema of a contract for OpenAPI (refinements such as "no self-intersection" are not representable). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function documentMethod(target: object, key: string | symbol | undefined, decorator: MethodDecorator): void {
  if (key === undefined) return;
  decorator(target, key, Object.getOwnPropertyDescriptor(target, key)!);
}

/** `@ZodBody(schema) body`: validated by the shared zod contract, documented in OpenAPI from the same schema. */
export function ZodBody(schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Body(new ZodPipe(schema))(target, key, index);
    documentMethod(target, key, ApiBody({ schema: jsonSchemaOf(schema) }));
  };
}

/** `@ZodQuery(schema) query`: the query string validated and coerced as one object. */
export function ZodQuery(schema: z.ZodObject): ParameterDecorator {
  return (target, key, index) => {
    Query(new ZodPipe(schema))(target, key, index);
    const properties = (jsonSchemaOf(schema).properties ?? {}) as Record<string, JsonSchema>;
    for (const [name, property] of Object.entries(properties)) {
      documentMethod(target, key, ApiQuery({ name, required: false, schema: property }));
    }
  };
}

/** `@UuidParam('id') id`: a route parameter that must be a UUID (a 400 otherwise, not a database error). */
export function UuidParam(name: string): ParameterDecorator {
  return (target, key, index) => {
    Param(name, new ZodPipe(z.uuid({ error: 'must be a UUID' }), name))(target, key, index);
    documentMethod(target, key, ApiParam({ name, schema: { type: 'string', format: 'uuid' } }));
  };
}

/** `@ZodParam('token', schema) token`: a route parameter checked against a contract (a 400 names it). */
export function ZodParam(name: string, schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Param(name, new ZodPipe(schema, name))(target, key, index);
    documentMethod(target, key, ApiParam({ name, schema: jsonSchemaOf(schema) }));
  };
}
