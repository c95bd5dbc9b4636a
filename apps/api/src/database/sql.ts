/** SQL fragments shared by repositories. */

/** A timestamptz as an ISO 8601 UTC string with milliseconds, for values built inside json_build_object. */
export const isoTimestamp = (expression: string) => `to_char((${expression}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const toIso = (value: Date | null): string | null => (value ? value.toISOString() : null);

/** The marker of a sealed value in query results; the unit of work replaces `{ "$sealed": base64 }` with its text. */
export const SEALED_MARKER = '$sealed';

/**
 * A sealed (encrypted, crypto-shredded) bytea column, read as JSON the unit of work opens: the decrypted text,
 * or '' when the column is NULL or its key was destroyed. Usable at the top level of a SELECT and inside
 * json_build_object alike.
 */
export const sealedText = (column: string) =>
  `CASE WHEN ${column} IS NULL THEN '""'::json ELSE json_build_object('${SEALED_MARKER}', encode(${column}, 'base64')) END`;

/** A jsonb expression whose values may be sealed in place (an incident log entry's detail): opened like sealedText. */
export const mayHoldSealed = (expression: string) => `${expression} /* ${SEALED_MARKER} */`;
