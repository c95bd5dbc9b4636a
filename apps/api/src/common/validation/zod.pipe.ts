import { type PipeTransform } from '@nestjs/common';
import { findTextProblem } from '@centinela/contracts';
import type { z } from 'zod';
import { DomainError, type FieldIssue } from '../errors/domain-error.js';

/** The value at a path of the input, to tell a missing field from one of the wrong type. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** What a zod issue means for a person filling a form, as a code and the bound it names (see fieldIssueCodes). */
function codeOf(issue: z.core.$ZodIssue, input: { value: unknown } | undefined): Pick<FieldIssue, 'code' | 'params'> {
  const bound = (name: 'minimum' | 'maximum', value: number | bigint | Date) => ({
    params: { [name]: String(value instanceof Date ? value.toISOString() : value) },
  });
  const collection = (origin: string) => origin === 'array' || origin === 'set';
  // A missing enum is an invalid value to zod, a missing object an invalid type, a rule that needs a field left empty
  // a custom issue: all of them are missing to a person.
  const value = input ? valueAt(input.value, issue.path) : null;
  if (value === undefined || (issue.code === 'custom' && typeof value === 'string' && value.trim() === '')) return { code: 'required' };
  switch (issue.code) {
    case 'invalid_type':
      return { code: 'invalidType' };
    case 'too_small':
      if (issue.inclusive === false) return { code: 'invalid' };
      if (issue.origin === 'string') return issue.minimum === 1 ? { code: 'required' } : { code: 'tooShort', ...bound('minimum', issue.minimum) };
      if (collection(issue.origin)) return issue.minimum === 1 ? { code: 'required' } : { code: 'tooFew', ...bound('minimum', issue.minimum) };
      return { code: 'tooSmall', ...bound('minimum', issue.minimum) };
    case 'too_big':
      if (issue.inclusive === false) return { code: 'invalid' };
      if (issue.origin === 'string') return { code: 'tooLong', ...bound('maximum', issue.maximum) };
      if (collection(issue.origin)) return { code: 'tooMany', ...bound('maximum', issue.maximum) };
      return { code: 'tooBig', ...bound('maximum', issue.maximum) };
    case 'invalid_value':
      return { code: 'invalidOption' };
    case 'invalid_format':
      return { code: 'invalidFormat' };
    default:
      return { code: 'invalid' };
  }
}

/**
 * zod's issues as field issues: `location.coordinates.1: latitude must be …`, `reporterPhone: unknown field`, each with
 * a code the web app says in its reader's language (the message stays the contract's English). `input` holds what was
 * validated, to tell a missing field from a wrong one.
 */
export function fieldIssues(error: z.ZodError, prefix?: string, input?: { value: unknown }): FieldIssue[] {
  return error.issues.flatMap((issue): FieldIssue[] => {
    const base = [...(prefix ? [prefix] : []), ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: 'unknown field', code: 'unknownField' }));
    }
    return [{ path: base.join('.'), message: issue.message, ...codeOf(issue, input) }];
  });
}

/**
 * Validates (and coerces) a body, query or param against a shared contract; a 400 names what is wrong.
 * Before the contract, every string and key is held to the one text rule (libs/contracts input-hygiene.ts).
 */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    /** The field name reported for a scalar value such as a route param. */
    private readonly name?: string,
  ) {}

  transform(value: unknown): z.output<S> {
    const unsafe = findTextProblem(value, this.name ? [this.name] : []);
    if (unsafe) throw DomainError.invalid([unsafe]);
    const result = this.schema.safeParse(value ?? (this.name ? value : {}));
    if (result.success) return result.data;
    throw DomainError.invalid(fieldIssues(result.error, this.name, { value }));
  }
}
