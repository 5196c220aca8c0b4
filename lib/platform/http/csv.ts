/** One CSV cell: always quoted, a spreadsheet formula neutralized, dates as ISO, objects as JSON. */
export function csvCell(v: unknown): string {
  const s =
    v instanceof Date ? v.toISOString() : v == null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}
