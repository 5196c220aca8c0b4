import Link from "next/link";
import { actionPhrase, changeLines } from "./audit-words";
import { EmptyState, formatDate, relativeTime } from "./ui";

export interface AuditRow {
  id: number;
  createdAt: Date;
  action: string;
  actorKind: string;
  actorUserId: number | null;
  actorEmail: string | null;
  actorName: string | null;
  targetType: string;
  targetId: string;
  targetName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  groupNames?: Record<string, string>;
  policyNames?: Record<string, string>;
  /** The change's event in the account's stream (what webhooks and GET /api/v1/events carry). */
  event?: { sequence: number; type: string } | null;
}

const VIA: Record<string, string> = {
  api_key: " (API key)",
  scim: " (provisioning)",
  cli: " (command line)",
  system: "",
  public: "",
  session: "",
};

const PERSON = new Set(["membership", "user", "credential"]);

/** Someone named, linked to their member page when they are a member here. */
function Person({ id, name, fallback }: { id: number | null; name: string | null; fallback: string }) {
  if (id !== null && name)
    return (
      <Link
        href={`/members/${id}`}
        prefetch={false}
        className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
      >
        {name}
      </Link>
    );
  return <span className="font-medium">{name ?? fallback}</span>;
}

export function AuditTable({ rows, caption }: { rows: AuditRow[]; caption: string }) {
  if (rows.length === 0) return <EmptyState>No events yet.</EmptyState>;
  return (
    <ul
      aria-label={caption}
      className="divide-y divide-slate-100 text-sm dark:divide-slate-800"
      data-testid="audit-table"
    >
      {rows.map((r) => {
        const actorFallback =
          r.actorEmail ??
          (r.actorKind === "system" ? "The system" : r.actorKind === "public" ? "Someone" : r.actorKind);
        const targetId = PERSON.has(r.targetType) ? Number(r.targetId) : null;
        const changes = changeLines(r.before, r.after, { groups: r.groupNames, policies: r.policyNames });
        return (
          <li key={r.id} className="py-2" data-action={r.action} data-testid="audit-event">
            <p>
              <Person id={r.actorUserId} name={r.actorName} fallback={actorFallback} />
              {VIA[r.actorKind] ?? ""} {actionPhrase(r)}{" "}
              {r.targetType === "account" ||
              r.targetType === "scim_token" ||
              (targetId !== null && targetId === r.actorUserId && r.action === "member.request_to_join") ? null : (
                <Person
                  id={Number.isInteger(targetId) ? targetId : null}
                  name={r.targetName}
                  fallback={r.targetName ?? `${r.targetType} #${r.targetId}`}
                />
              )}
              <span className="ml-2 text-xs text-slate-500 dark:text-slate-400">
                <time
                  dateTime={r.createdAt.toISOString()}
                  title={`${formatDate(r.createdAt)} UTC`}
                  suppressHydrationWarning
                >
                  {relativeTime(r.createdAt)}
                </time>
                {r.event && (
                  <span className="ml-2 font-mono" title="Its event in the account's stream">
                    #{r.event.sequence} {r.event.type}
                  </span>
                )}
              </span>
            </p>
            {changes.length > 0 && (
              <ul className="mt-1 space-y-0.5 text-xs text-slate-600 dark:text-slate-300">
                {changes.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}
