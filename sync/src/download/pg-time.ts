/**
 * A timestamptz as a shape sends it, as ISO-8601 UTC: Postgres' own text ("2026-12-07 04:00:00+00", what
 * Electric sends) or the embedded server's ("2026-12-07 04:00:00.000Z"). JavaScript's Date refuses an
 * offset without minutes once the space becomes a "T", so "+00" is written "+00:00" first.
 */
export function isoOfPgTime(v: unknown): string {
  const text = String(v)
    .trim()
    .replace(" ", "T")
    .replace(/([+-]\d\d)$/, "$1:00");
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`fecha inválida: ${String(v)}`);
  return new Date(ms).toISOString();
}
