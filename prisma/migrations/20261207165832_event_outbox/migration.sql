-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "eventSequence" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Event" (
    "id" TEXT NOT NULL,
    "accountId" INTEGER NOT NULL,
    "sequence" INTEGER NOT NULL,
    "auditEventId" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Event_auditEventId_key" ON "Event"("auditEventId");

-- CreateIndex
CREATE INDEX "Event_occurredAt_idx" ON "Event"("occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "Event_accountId_sequence_key" ON "Event"("accountId", "sequence");

-- Backfill: every audited change of an account so far becomes its event, numbered in the order it happened
-- (the audit log's own history is kept as it is; the pruner later drops events past the retention).
INSERT INTO "Event" ("id", "accountId", "sequence", "auditEventId", "type", "occurredAt")
SELECT 'evt_' || substr(md5(random()::text || e.id::text), 1, 24), e."accountId",
       row_number() OVER (PARTITION BY e."accountId" ORDER BY e.id), e.id, e.type, e."createdAt"
FROM (
  SELECT a.id, a."accountId", a."createdAt", CASE a.action
    WHEN 'account.create' THEN 'account.created'
    WHEN 'account.update' THEN 'account.updated'
    WHEN 'account.security_changed' THEN 'account.security_changed'
    WHEN 'member.add' THEN 'member.created'
    WHEN 'member.invite' THEN 'member.created'
    WHEN 'member.import' THEN 'member.created'
    WHEN 'member.join_sso' THEN 'member.created'
    WHEN 'member.request_to_join' THEN 'join_request.created'
    WHEN 'member.approve' THEN 'join_request.approved'
    WHEN 'member.deny' THEN 'join_request.denied'
    WHEN 'member.update' THEN 'member.updated'
    WHEN 'member.update_sso' THEN 'member.updated'
    WHEN 'member.set_computer_usernames' THEN 'member.updated'
    WHEN 'member.set_smartcards' THEN 'member.updated'
    WHEN 'member.promote' THEN 'member.role_changed'
    WHEN 'member.promote_guest' THEN 'member.role_changed'
    WHEN 'member.demote' THEN 'member.role_changed'
    WHEN 'member.set_role' THEN 'member.role_changed'
    WHEN 'member.activate' THEN 'member.status_changed'
    WHEN 'member.toggle_suspension' THEN 'member.status_changed'
    WHEN 'member.delete' THEN 'member.deleted'
    WHEN 'member.remove' THEN 'member.deleted'
    WHEN 'member.set_groups' THEN 'member.groups_changed'
    WHEN 'member.set_policies' THEN 'member.policies_changed'
    WHEN 'member.sessions_ended' THEN 'member.sessions_ended'
    WHEN 'invitation.accept' THEN 'invitation.accepted'
    WHEN 'invitation.revoke' THEN 'invitation.revoked'
    WHEN 'invitation.resend' THEN 'invitation.resent'
    WHEN 'invitation.copy_link' THEN 'invitation.link_copied'
    WHEN 'group.create' THEN 'group.created'
    WHEN 'group.update' THEN 'group.updated'
    WHEN 'group.delete' THEN 'group.deleted'
    WHEN 'group.add_member' THEN 'group.members_changed'
    WHEN 'policy.create' THEN 'policy.created'
    WHEN 'policy.update' THEN 'policy.updated'
    WHEN 'policy.delete' THEN 'policy.deleted'
    WHEN 'credential.refresh' THEN 'credential.refreshed'
    WHEN 'credential.reveal' THEN 'credential.revealed'
    WHEN 'scim_token.create' THEN 'scim_token.created'
    WHEN 'scim_token.revoke' THEN 'scim_token.revoked'
    WHEN 'domain.add' THEN 'domain.created'
    WHEN 'domain.verify' THEN 'domain.verified'
    WHEN 'domain.update' THEN 'domain.updated'
    WHEN 'domain.delete' THEN 'domain.deleted'
    WHEN 'domain.lapse' THEN 'domain.lapsed'
    WHEN 'sso.connection_add' THEN 'sso.connection_created'
    WHEN 'sso.connection_update' THEN 'sso.connection_updated'
    WHEN 'sso.connection_delete' THEN 'sso.connection_deleted'
    WHEN 'sso.identity_link' THEN 'sso.identity_linked'
    WHEN 'user.update' THEN 'member.updated'
    WHEN 'user.sign_in' THEN 'user.signed_in'
    WHEN 'user.sign_in_failed' THEN 'user.sign_in_failed'
    WHEN 'user.session_ended' THEN 'user.session_ended'
    WHEN 'user.sign_out_elsewhere' THEN 'user.signed_out_elsewhere'
    WHEN 'user.reset_password' THEN 'user.password_reset'
    WHEN 'user.sso_break_glass' THEN 'user.sso_break_glass'
    WHEN 'user.unproved_login_reset' THEN 'user.unproved_login_reset'
  END AS type
  FROM "AuditEvent" a
  JOIN "Account" acc ON acc.id = a."accountId"
) e
WHERE e.type IS NOT NULL;

UPDATE "Account" acc SET "eventSequence" = s.n
FROM (SELECT "accountId", max("sequence") AS n FROM "Event" GROUP BY "accountId") s
WHERE s."accountId" = acc.id;
