import crypto from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/transaction';
import type { DisputeActorKind } from '../domain/dispute-matrix';
import { assert } from '../shared/assert';
import { isReadableText } from '../shared/display-text';
import { refuse } from '../shared/user-error';
import { disputeAttachments, disputeMessageAttachments, disputeMessages } from './disputes.tables';

/**
 * A dispute's messages and the files they attach: what a message may say and carry, written in
 * the transaction of the DisputeService step that posts it (an opening, a response request, a
 * message). Each check refuses with the code of the calling mutation's enum.
 */

type DisputeMessageRow = typeof disputeMessages.$inferSelect;

const messageMaxLength = 5_000;

export function validMessage<Code extends string>(raw: string, codes: { INVALID_MESSAGE: Code }): string {
  const message = raw.replace(/\r\n?/g, '\n').trim();
  if (message.length === 0 || message.length > messageMaxLength || !isReadableText(message)) {
    refuse(
      codes.INVALID_MESSAGE,
      `A message is 1 to ${messageMaxLength} characters, without control, invisible or direction-changing characters.`,
      'message',
    );
  }
  return message;
}

export function checkAttachmentCount<Code extends string>(
  ids: unknown[],
  max: number,
  codes: { TOO_MANY_ATTACHMENTS: Code },
): void {
  if (ids.length > max)
    refuse(codes.TOO_MANY_ATTACHMENTS, `A message carries at most ${max} attachments.`, 'attachments');
}

/** The ids, deduplicated in order, of attachments `userId` uploaded; any other id is refused. */
export async function ownAttachments<Code extends string>(
  tx: Tx,
  userId: string,
  ids: (string | null)[],
  codes: { ATTACHMENT_NOT_FOUND: Code },
): Promise<string[]> {
  if (ids.length === 0) return [];
  const unique = [...new Set(ids)];
  const valid = unique.filter((id): id is string => id !== null);
  const found =
    valid.length === 0
      ? []
      : await tx
          .select({ id: disputeAttachments.id })
          .from(disputeAttachments)
          .where(and(inArray(disputeAttachments.id, valid), eq(disputeAttachments.uploaderId, userId)));
  if (found.length !== unique.length) {
    refuse(
      codes.ATTACHMENT_NOT_FOUND,
      'Attach files you uploaded yourself (POST /attachments).',
      'attachments',
    );
  }
  return valid;
}

export async function insertMessage(
  tx: Tx,
  disputeId: string,
  author: { userId: string; kind: DisputeActorKind },
  body: string,
  attachmentIds: string[],
): Promise<DisputeMessageRow> {
  assert(author.kind !== 'SYSTEM' && author.kind !== 'DECISION', 'messages have a person as author');
  const [message] = await tx
    .insert(disputeMessages)
    .values({
      id: crypto.randomUUID(),
      disputeId,
      authorId: author.userId,
      authorKind: author.kind,
      body,
    })
    .returning();
  assert(message, 'message insert returned no row');
  if (attachmentIds.length > 0) {
    await tx.insert(disputeMessageAttachments).values(
      attachmentIds.map((attachmentId, position) => ({
        messageId: message.id,
        attachmentId,
        disputeId,
        position,
      })),
    );
  }
  return message;
}
