/** SQL fragments shared by repositories. */

/** A timestamptz as an ISO 8601 UTC string with milliseconds, for values built inside json_build_object. */
export const isoTimestamp = (expression: string) => `to_char((${expression}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const toIso = (value: Date | null): string | null => (value ? value.toISOString() : null);
