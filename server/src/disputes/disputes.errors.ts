/** The business rules each dispute mutation can refuse on; every code names the rule that was broken. */

export enum OpenDisputeErrorCode {
  ORDER_NOT_FOUND = 'ORDER_NOT_FOUND',
  /** The order was released or refunded: there is no escrow left to dispute. */
  ORDER_ALREADY_SETTLED = 'ORDER_ALREADY_SETTLED',
  PROTECTION_WINDOW_ENDED = 'PROTECTION_WINDOW_ENDED',
  DISPUTE_ALREADY_OPEN = 'DISPUTE_ALREADY_OPEN',
  /** The buyer withdrew this order's dispute: it cannot be opened again. */
  DISPUTE_WITHDRAWN = 'DISPUTE_WITHDRAWN',
  TOO_MANY_OPEN_DISPUTES = 'TOO_MANY_OPEN_DISPUTES',
  INVALID_MESSAGE = 'INVALID_MESSAGE',
  TOO_MANY_ATTACHMENTS = 'TOO_MANY_ATTACHMENTS',
  ATTACHMENT_NOT_FOUND = 'ATTACHMENT_NOT_FOUND',
  /** An upload goes with one message only: upload the file again. */
  ATTACHMENT_ALREADY_ATTACHED = 'ATTACHMENT_ALREADY_ATTACHED',
}

export enum AssignDisputeErrorCode {
  DISPUTE_NOT_FOUND = 'DISPUTE_NOT_FOUND',
  DISPUTE_STATE_CHANGED = 'DISPUTE_STATE_CHANGED',
  TRANSITION_NOT_ALLOWED = 'TRANSITION_NOT_ALLOWED',
  ASSIGNEE_NOT_STAFF = 'ASSIGNEE_NOT_STAFF',
  /** The staff member is the dispute's buyer or seller: a colleague handles it. */
  OWN_DISPUTE = 'OWN_DISPUTE',
}

export enum StartDisputeReviewErrorCode {
  DISPUTE_NOT_FOUND = 'DISPUTE_NOT_FOUND',
  DISPUTE_STATE_CHANGED = 'DISPUTE_STATE_CHANGED',
  TRANSITION_NOT_ALLOWED = 'TRANSITION_NOT_ALLOWED',
  /** The staff member is the dispute's buyer or seller: a colleague handles it. */
  OWN_DISPUTE = 'OWN_DISPUTE',
}

export enum RequestDisputeResponseErrorCode {
  DISPUTE_NOT_FOUND = 'DISPUTE_NOT_FOUND',
  DISPUTE_STATE_CHANGED = 'DISPUTE_STATE_CHANGED',
  TRANSITION_NOT_ALLOWED = 'TRANSITION_NOT_ALLOWED',
  INVALID_DEADLINE = 'INVALID_DEADLINE',
  INVALID_MESSAGE = 'INVALID_MESSAGE',
  /** The staff member is the dispute's buyer or seller: a colleague handles it. */
  OWN_DISPUTE = 'OWN_DISPUTE',
}

export enum WithdrawDisputeErrorCode {
  DISPUTE_NOT_FOUND = 'DISPUTE_NOT_FOUND',
  DISPUTE_STATE_CHANGED = 'DISPUTE_STATE_CHANGED',
  /** Only the buyer withdraws, and only an open dispute. */
  TRANSITION_NOT_ALLOWED = 'TRANSITION_NOT_ALLOWED',
  /** Decided, or withdrawn already. */
  DISPUTE_CLOSED = 'DISPUTE_CLOSED',
  INVALID_MESSAGE = 'INVALID_MESSAGE',
}

export enum PostDisputeMessageErrorCode {
  DISPUTE_NOT_FOUND = 'DISPUTE_NOT_FOUND',
  /** Decided or withdrawn, and closed: the conversation is over. */
  DISPUTE_CLOSED = 'DISPUTE_CLOSED',
  INVALID_MESSAGE = 'INVALID_MESSAGE',
  TOO_MANY_ATTACHMENTS = 'TOO_MANY_ATTACHMENTS',
  ATTACHMENT_NOT_FOUND = 'ATTACHMENT_NOT_FOUND',
  /** An upload goes with one message only: upload the file again. */
  ATTACHMENT_ALREADY_ATTACHED = 'ATTACHMENT_ALREADY_ATTACHED',
  /** The author has posted DISPUTE_MAX_MESSAGES_PER_PARTICIPANT messages in this dispute. */
  TOO_MANY_MESSAGES = 'TOO_MANY_MESSAGES',
}

/** refundOrder and releaseOrder share their codes but for the escrow one each can meet. */
export enum RefundOrderErrorCode {
  ORDER_NOT_FOUND = 'ORDER_NOT_FOUND',
  ESCROW_ALREADY_RELEASED = 'ESCROW_ALREADY_RELEASED',
  /** Refunded already, by another decision (another key): nothing changed. A retry of the same key is `replayed`. */
  ESCROW_ALREADY_REFUNDED = 'ESCROW_ALREADY_REFUNDED',
  /** The order's dispute is open but not under review (still OPEN, or waiting for a party's response). */
  DISPUTE_NOT_UNDER_REVIEW = 'DISPUTE_NOT_UNDER_REVIEW',
  DISPUTE_STATE_CHANGED = 'DISPUTE_STATE_CHANGED',
  INVALID_REASON = 'INVALID_REASON',
  INVALID_IDEMPOTENCY_KEY = 'INVALID_IDEMPOTENCY_KEY',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  /** The admin bought or sold the order: another admin decides it. */
  OWN_ORDER = 'OWN_ORDER',
}

export enum ReleaseOrderErrorCode {
  ORDER_NOT_FOUND = 'ORDER_NOT_FOUND',
  ESCROW_ALREADY_REFUNDED = 'ESCROW_ALREADY_REFUNDED',
  /**
   * Released already (the buyer's confirmation, the auto-release, or another decision under another
   * key): nothing changed. A retry of the same key is `replayed`.
   */
  ESCROW_ALREADY_RELEASED = 'ESCROW_ALREADY_RELEASED',
  DISPUTE_NOT_UNDER_REVIEW = 'DISPUTE_NOT_UNDER_REVIEW',
  DISPUTE_STATE_CHANGED = 'DISPUTE_STATE_CHANGED',
  INVALID_REASON = 'INVALID_REASON',
  INVALID_IDEMPOTENCY_KEY = 'INVALID_IDEMPOTENCY_KEY',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  /** The admin bought or sold the order: another admin decides it. */
  OWN_ORDER = 'OWN_ORDER',
}
