import { Field, ID, InputType, Int } from 'type-graphql';
import { DisputeParty, DisputeReason, DisputeState } from './disputes.types';

@InputType()
export class OpenDisputeInput {
  @Field(() => ID)
  orderId!: string;

  @Field(() => DisputeReason)
  reason!: DisputeReason;

  @Field({ description: 'What went wrong, 1 to 5000 characters.' })
  message!: string;

  @Field(() => [ID], {
    defaultValue: [],
    description: 'Ids of files you uploaded (POST /attachments), at most 5.',
  })
  attachments!: string[];
}

@InputType()
export class AssignDisputeInput {
  @Field(() => ID)
  disputeId!: string;

  @Field(() => ID, { nullable: true, description: 'A support or admin user; yourself when omitted.' })
  assigneeId?: string | null;

  @Field(() => Int, {
    description: 'The version you saw: a dispute that changed since is DISPUTE_STATE_CHANGED.',
  })
  expectedVersion!: number;
}

@InputType()
export class StartDisputeReviewInput {
  @Field(() => ID)
  disputeId!: string;

  @Field(() => Int, {
    description: 'The version you saw: a dispute that changed since is DISPUTE_STATE_CHANGED.',
  })
  expectedVersion!: number;
}

@InputType()
export class WithdrawDisputeInput {
  @Field(() => ID)
  disputeId!: string;

  @Field(() => Int, {
    description: 'The version you saw: a dispute that changed since is DISPUTE_STATE_CHANGED.',
  })
  expectedVersion!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Why, for the seller and support: posted as your last message in the dispute.',
  })
  message!: string | null;
}

@InputType()
export class RequestDisputeResponseInput {
  @Field(() => ID)
  disputeId!: string;

  @Field(() => DisputeParty, { description: 'Who is asked to respond.' })
  party!: DisputeParty;

  @Field({ description: 'The question, shown to the party; 1 to 5000 characters.' })
  message!: string;

  @Field(() => Int, {
    description: 'Hours the party has; when they pass unanswered the dispute returns to review.',
  })
  deadlineHours!: number;

  @Field(() => Int, {
    description: 'The version you saw: a dispute that changed since is DISPUTE_STATE_CHANGED.',
  })
  expectedVersion!: number;
}

@InputType()
export class PostDisputeMessageInput {
  @Field(() => ID)
  disputeId!: string;

  @Field({ description: '1 to 5000 characters.' })
  message!: string;

  @Field(() => [ID], {
    defaultValue: [],
    description: 'Ids of files you uploaded (POST /attachments), at most 5.',
  })
  attachments!: string[];
}

@InputType()
export class OrderDecisionInput {
  @Field(() => ID)
  orderId!: string;

  @Field({ description: 'Why: recorded in the audit log and on the dispute. 1 to 1000 characters.' })
  reason!: string;

  @Field({ description: 'Chosen by the client, unique per decision: repeating it never settles twice.' })
  idempotencyKey!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      "The version of the order's dispute you decided on; if it changed since, nothing happens (DISPUTE_STATE_CHANGED).",
  })
  expectedDisputeVersion?: number | null;
}

/** The staff queue's filters: each one narrows the queue, and all of them apply together. */
@InputType()
export class DisputeQueueFilter {
  @Field(() => [DisputeState], { defaultValue: [], description: 'Empty: every state.' })
  states!: DisputeState[];

  @Field(() => ID, {
    nullable: true,
    description: 'Only disputes assigned to this user (your own id: assigned to me).',
  })
  assigneeId?: string | null;

  @Field({
    defaultValue: false,
    description: 'Only disputes nobody has taken. Refused with `assigneeId` (BAD_USER_INPUT).',
  })
  unassignedOnly: boolean = false;

  @Field(() => ID, {
    nullable: true,
    description:
      'Only disputes this user is a party to, as the buyer or the seller (a user id from `users`). An id that is not a user matches none.',
  })
  partyId?: string | null;

  @Field({
    defaultValue: false,
    description:
      'Only disputes waiting for a response (NEEDS_RESPONSE) whose `responseDueAt` has passed, by the database clock. ' +
      'The deadline job returns such a dispute to UNDER_REVIEW, so these are the ones it has not reached yet. ' +
      'With `states`, the states must include NEEDS_RESPONSE (otherwise BAD_USER_INPUT).',
  })
  overdueOnly: boolean = false;

  @Field({
    defaultValue: false,
    description:
      "Newest first (a customer's history, with `partyId`), instead of the queue's oldest first. A cursor pages on in the order it was read in.",
  })
  newestFirst: boolean = false;
}

@InputType()
export class DisputeFeedFilter {
  @Field(() => [DisputeState], {
    defaultValue: [],
    description: 'Empty: every state. Matched against the state after the change.',
  })
  states!: DisputeState[];

  @Field(() => ID, { nullable: true, description: 'Only disputes assigned to this user.' })
  assigneeId?: string | null;
}
