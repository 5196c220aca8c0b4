import type { z } from "zod";
import { orgDate } from "@/lib/api/org/format";
import { readOrgParams } from "@/lib/api/org/params";
import { orgRoute } from "@/lib/api/org/route";
import { multipleUsersSchema, type orgUserRowSchema } from "@/lib/api/org/schemas";
import { type DirectoryRow, directoryBatches } from "@/lib/domain/members/directory";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { parseInput } from "@/lib/platform/validation";

function row(u: DirectoryRow, withEmail: boolean) {
  const name = [u.firstName, u.lastName].filter(Boolean).join(" ");
  return {
    ad_status: u.status,
    active_date: orgDate(u.activeDate),
    confirmed: orgDate(u.confirmedAt),
    created: orgDate(u.createdAt),
    device_added: orgDate(u.deviceAdded),
    email: u.email,
    email_id: u.userId,
    email_status: u.emailStatus,
    first_name: u.firstName,
    groups: u.groups.map((g) => [g]),
    last_name: u.lastName,
    name: withEmail && u.email ? `${name} <${u.email}>`.trim() : name,
    user_id: u.userId,
    username: u.username,
    unique_id: u.uid,
  } satisfies z.output<typeof orgUserRowSchema>;
}

// GET /api/v1/org/multipleusers — every user of the organization (user_tag=GUEST: the guests; page/limit: a slice) (seed 001)
export const GET = orgRoute(async ({ req, actor }) => {
  const p = parseInput(multipleUsersSchema, await readOrgParams(req));
  const batches = directoryBatches(actor, p.user_tag, { page: p.page, limit: p.limit });
  // The first batch is read before answering: a refusal is still a 4xx, not a broken stream.
  const first = await batches.next();
  const encoder = new TextEncoder();
  let started = false;
  const write = (rows: DirectoryRow[]) => {
    const text = rows.map((r) => JSON.stringify(row(r, Boolean(p.email)))).join(",");
    const chunk = (started && rows.length ? "," : "") + text;
    if (rows.length) started = true;
    return encoder.encode(chunk);
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode("["));
      if (!first.done) controller.enqueue(write(first.value));
      if (first.done) {
        controller.enqueue(encoder.encode("]"));
        controller.close();
      }
    },
    async pull(controller) {
      if (first.done) return;
      const next = await batches.next();
      if (next.done) {
        controller.enqueue(encoder.encode("]"));
        controller.close();
      } else controller.enqueue(write(next.value));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  return new Response(stream, { headers: { "content-type": "application/json" } });
});

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
