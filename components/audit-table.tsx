import { EmptyState, formatDate } from "./ui";

export interface AuditRow {
  id: number;
  createdAt: Date;
  action: string;
  actorKind: string;
  actorEmail: string | null;
  targetType: string;
  targetId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const show = (v: Record<string, unknown> | null) =>
  v && Object.keys(v).length
    ? Object.entries(v)
        .map(([k, x]) => `${k}: ${typeof x === "string" ? x : JSON.stringify(x)}`)
        .join(", ")
    : "—";

export function AuditTable({ rows, caption }: { rows: AuditRow[]; caption: string }) {
  if (rows.length === 0) return <EmptyState>No events yet.</EmptyState>;
  return (
    <div className="relative overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-700" data-testid="audit-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="text-left">
            <th scope="col" className="px-3 py-2 font-semibold">
              When (UTC)
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Who
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Action
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Target
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Before
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              After
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((r) => (
            <tr key={r.id}>
              <td className="whitespace-nowrap px-3 py-2">
                <time dateTime={r.createdAt.toISOString()}>{formatDate(r.createdAt)}</time>
              </td>
              <td className="px-3 py-2">
                {r.actorEmail ?? r.actorKind}
                {r.actorEmail && r.actorKind === "api_key" ? " (API key)" : ""}
              </td>
              <td className="px-3 py-2 font-mono text-xs">{r.action}</td>
              <td className="px-3 py-2">
                {r.targetType} {r.targetId}
              </td>
              <td className="max-w-xs truncate px-3 py-2 text-xs" title={show(r.before)}>
                {show(r.before)}
              </td>
              <td className="max-w-xs truncate px-3 py-2 text-xs" title={show(r.after)}>
                {show(r.after)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
