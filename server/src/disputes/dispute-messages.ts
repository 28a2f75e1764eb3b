import crypto from 'node:crypto';
import { and, asc, count, eq, inArray } from 'drizzle-orm';
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

export const messageMaxLength = 5_000;

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

/**
 * Messages one author may post in one dispute. Counted under the dispute row's lock (postMessage),
 * so two posts at once cannot both pass the last place.
 */
export async function checkMessageCount<Code extends string>(
  tx: Tx,
  disputeId: string,
  authorId: string,
  max: number,
  codes: { TOO_MANY_MESSAGES: Code },
): Promise<void> {
  const [row] = await tx
    .select({ messages: count() })
    .from(disputeMessages)
    .where(and(eq(disputeMessages.disputeId, disputeId), eq(disputeMessages.authorId, authorId)));
  if ((row?.messages ?? 0) >= max)
    refuse(codes.TOO_MANY_MESSAGES, `One participant posts at most ${max} messages in a dispute.`);
}

/**
 * The ids, deduplicated in order, of attachments `userId` uploaded and no message attached yet;
 * any other id is refused. They stay locked until the transaction ends (by id, ascending): two
 * messages cannot both attach one, and the cleanup sweep (AttachmentService) skips them.
 */
export async function ownAttachments<Code extends string>(
  tx: Tx,
  userId: string,
  ids: (string | null)[],
  codes: { ATTACHMENT_NOT_FOUND: Code; ATTACHMENT_ALREADY_ATTACHED: Code },
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
          .where(and(inArray(disputeAttachments.id, valid), eq(disputeAttachments.uploaderId, userId)))
          .orderBy(asc(disputeAttachments.id))
          .for('update');
  if (found.length !== unique.length) {
    refuse(
      codes.ATTACHMENT_NOT_FOUND,
      'Attach files you uploaded yourself (POST /attachments).',
      'attachments',
    );
  }
  // Asked after the lock, in a statement of its own: it sees a message that attached one of them
  // and committed while this transaction waited.
  const [attached] = await tx
    .select({ id: disputeMessageAttachments.attachmentId })
    .from(disputeMessageAttachments)
    .where(inArray(disputeMessageAttachments.attachmentId, valid))
    .limit(1);
  if (attached) {
    refuse(
      codes.ATTACHMENT_ALREADY_ATTACHED,
      'A file goes with one message only: upload it again to attach it here.',
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
