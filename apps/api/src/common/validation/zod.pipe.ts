import { type PipeTransform } from '@nestjs/common';
import { findTextProblem } from '@centinela/contracts';
import type { z } from 'zod';
import { DomainError, type FieldIssue } from '../errors/domain-error.js';

/** zod's issues as field issues: `location.coordinates.1: latitude must be …`, `reporterPhone: unknown field`. */
export function fieldIssues(error: z.ZodError, prefix?: string): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const base = [...(prefix ? [prefix] : []), ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: 'unknown field' }));
    }
    return [{ path: base.join('.'), message: issue.message }];
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
    throw DomainError.invalid(fieldIssues(result.error, this.name));
  }
}
