import type { PostDisputeMessageErrorCode } from '../../gql/graphql';

/**
 * What the seller reads when a reply is refused: the typed errors of `postDisputeMessage` and of
 * `POST /attachments` (docs/API.md sections 6 and 11), in the seller's terms, saying what to do.
 * A code this console does not know yet shows the server's own message, which is safe to show.
 */

export const maxReplyLength = 5000;

export interface ReplyProblem {
  /** The form field at fault, when the seller can fix it there. */
  field: 'message' | 'files' | null;
  message: string;
}

const replyMessages: Record<PostDisputeMessageErrorCode, ReplyProblem> = {
  INVALID_MESSAGE: { field: 'message', message: `Write a reply of 1 to ${maxReplyLength} characters.` },
  TOO_MANY_ATTACHMENTS: { field: 'files', message: 'Attach at most 5 files to one reply.' },
  ATTACHMENT_NOT_FOUND: {
    field: 'files',
    message: 'A file was not accepted as yours: remove it, choose it again and send.',
  },
  ATTACHMENT_ALREADY_ATTACHED: {
    field: 'files',
    message: 'A file was already sent with another message: remove it, choose it again and send.',
  },
  TOO_MANY_MESSAGES: {
    field: null,
    message: 'You reached the most messages one person may post in a dispute: support has your answers.',
  },
  DISPUTE_CLOSED: {
    field: null,
    message: 'This dispute has been decided, so its conversation is closed: your reply was not sent.',
  },
  DISPUTE_NOT_FOUND: {
    field: null,
    message: 'This dispute is no longer visible to you: your reply was not sent.',
  },
};

export function replyProblem(error: { code: string; message: string }): ReplyProblem {
  return replyMessages[error.code as PostDisputeMessageErrorCode] ?? { field: null, message: error.message };
}

/** A refused upload (`{ error: CODE, message }` from POST /attachments) of the file `fileName`. */
export function uploadProblem(error: { code: string; message: string }, fileName: string): ReplyProblem {
  switch (error.code) {
    case 'EMPTY_FILE':
      return { field: 'files', message: `${fileName} is empty: attach a file with content.` };
    case 'INVALID_FILE_NAME':
      return {
        field: 'files',
        message: `${fileName}: rename the file (no slashes, at most 200 characters).`,
      };
    case 'FILE_TOO_LARGE':
      return { field: 'files', message: `${fileName} is larger than 5 MB: attach a smaller file.` };
    case 'UNSUPPORTED_FILE_TYPE':
      return {
        field: 'files',
        message: `${fileName} cannot be attached: only PNG, JPEG, PDF and plain text files can.`,
      };
    case 'TOO_MANY_UPLOADS':
      return {
        field: 'files',
        message:
          'You reached the limit of 50 uploaded files a day: send the reply without files, or tomorrow.',
      };
    case 'TOO_MANY_UNATTACHED_UPLOADS':
      return {
        field: 'files',
        message: `${fileName} was not uploaded: you have uploaded files that no reply carries yet. Send your reply with them first.`,
      };
    case 'UNAUTHENTICATED':
      return { field: null, message: 'Your session ended: sign in again, then send your reply.' };
    default:
      return { field: null, message: `${fileName} could not be uploaded: ${error.message}` };
  }
}
