import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  payoutDiscrepancyKinds,
  type PayoutDiscrepancy as PayoutDiscrepancyValue,
} from '../domain/payout-reconciliation';
import { Money } from '../graphql/money.types';
import { Node, toGlobalId } from '../graphql/relay';
import { UserErrorType } from '../graphql/user-error';
import { RunPayoutReconciliationErrorCode } from './payout-reconciliation.errors';
import type { PayoutReconciliationRun } from './payout-reconciliation.service';

/** GraphQL mirror of domain/payout-reconciliation.ts's kinds (type-graphql needs an enum). */
export enum PayoutDiscrepancyKind {
  TRANSFER_WITHOUT_PAYOUT = 'TRANSFER_WITHOUT_PAYOUT',
  DUPLICATE_TRANSFER = 'DUPLICATE_TRANSFER',
  PAYOUT_WITHOUT_TRANSFER = 'PAYOUT_WITHOUT_TRANSFER',
  TRANSFER_ID_MISMATCH = 'TRANSFER_ID_MISMATCH',
  AMOUNT_MISMATCH = 'AMOUNT_MISMATCH',
  CURRENCY_MISMATCH = 'CURRENCY_MISMATCH',
  DESTINATION_MISMATCH = 'DESTINATION_MISMATCH',
  REVERSAL_MISMATCH = 'REVERSAL_MISMATCH',
  LEDGER_MISMATCH = 'LEDGER_MISMATCH',
  STUCK_PAYOUT = 'STUCK_PAYOUT',
}
registerEnumType(PayoutDiscrepancyKind, {
  name: 'PayoutDiscrepancyKind',
  description: 'What disagrees between Stripe, the payouts and the ledger.',
  valuesConfig: {
    TRANSFER_WITHOUT_PAYOUT: {
      description:
        'A Stripe transfer naming no payout of ours, or a FAILED one: money left that our books do not show.',
    },
    DUPLICATE_TRANSFER: { description: "A second transfer for one payout: the payout's money left twice." },
    PAYOUT_WITHOUT_TRANSFER: { description: 'A PAID payout whose transfer Stripe does not have.' },
    TRANSFER_ID_MISMATCH: {
      description: 'A PAID payout records another transfer than the one Stripe made for it.',
    },
    AMOUNT_MISMATCH: { description: "The transfer's amount is not the payout's." },
    CURRENCY_MISMATCH: { description: "The transfer's currency is not the payout's." },
    DESTINATION_MISMATCH: { description: "The transfer went to another account than the payout's." },
    REVERSAL_MISMATCH: { description: "Stripe's amount reversed is not the payout's reversed amount." },
    LEDGER_MISMATCH: {
      description:
        "A payout's ledger postings are not the ones its state implies, or postings name no payout.",
    },
    STUCK_PAYOUT: {
      description:
        'PENDING past PAYOUT_STUCK_AFTER_SECONDS: no money lost, but recovery has not finished it.',
    },
  },
});

export enum PayoutReconciliationTrigger {
  SCHEDULE = 'SCHEDULE',
  COMMAND = 'COMMAND',
  ADMIN = 'ADMIN',
}
registerEnumType(PayoutReconciliationTrigger, {
  name: 'PayoutReconciliationTrigger',
  valuesConfig: {
    SCHEDULE: { description: 'The payouts.reconcile job (every PAYOUT_RECONCILE_INTERVAL_HOURS).' },
    COMMAND: { description: 'npm run payouts:reconcile.' },
    ADMIN: { description: 'An admin, with runPayoutReconciliation.' },
  },
});

@ObjectType({ description: 'One disagreement found by a payout reconciliation.' })
export class PayoutDiscrepancy {
  @Field(() => PayoutDiscrepancyKind)
  kind!: PayoutDiscrepancyKind;

  @Field({ description: 'What disagrees, with the ids and amounts at stake.' })
  message!: string;

  @Field(() => ID, { nullable: true, description: 'The payout (a Payout id), when one is at stake.' })
  payoutId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The Stripe transfer's id (tr_...), when one is at stake.",
  })
  stripeTransferId!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'What our books say (an amount in minor units, a currency, an account, a transfer id, a count).',
  })
  expected!: string | null;

  @Field(() => String, { nullable: true, description: 'What the other side says, in the same terms.' })
  actual!: string | null;

  @Field(() => Money, { nullable: true, description: '`expected`, when it is an amount.' })
  expectedAmount!: Money | null;

  @Field(() => Money, { nullable: true, description: '`actual`, when it is an amount.' })
  actualAmount!: Money | null;

  static from(value: PayoutDiscrepancyValue): PayoutDiscrepancy {
    const amount = (side: number | string | null) =>
      typeof side === 'number' && value.currency !== null
        ? Money.of({ amount: side, currency: value.currency })
        : null;
    return Object.assign(new PayoutDiscrepancy(), {
      kind: value.kind as PayoutDiscrepancyKind,
      message: value.message,
      payoutId: value.payoutId === null ? null : toGlobalId('Payout', value.payoutId),
      stripeTransferId: value.transferId,
      expected: value.expected === null ? null : String(value.expected),
      actual: value.actual === null ? null : String(value.actual),
      expectedAmount: amount(value.expected),
      actualAmount: amount(value.actual),
    });
  }
}

@ObjectType({
  implements: Node,
  description: "A completed run comparing Stripe's transfers with the payouts table and the ledger.",
})
export class PayoutReconciliation extends Node {
  @Field(() => PayoutReconciliationTrigger)
  trigger!: PayoutReconciliationTrigger;

  @Field(() => ID, { nullable: true, description: 'The admin (a User id) who asked for it (trigger ADMIN).' })
  requestedById!: string | null;

  @Field({
    description: 'Which Stripe the transfers were read from (live or test mode, another API, an emulator).',
  })
  stripeApi!: string;

  @Field()
  startedAt!: Date;

  @Field()
  finishedAt!: Date;

  @Field(() => Int)
  transfersChecked!: number;

  @Field(() => Int)
  payoutsChecked!: number;

  @Field({ description: 'No discrepancy at all.' })
  clean!: boolean;

  @Field(() => Int, { description: 'Every discrepancy found (the list holds the first 1,000).' })
  discrepancyCount!: number;

  @Field(() => [PayoutDiscrepancy], {
    description:
      'The first 1,000 discrepancies, by kind (in PayoutDiscrepancyKind order), payout and transfer.',
  })
  discrepancies!: PayoutDiscrepancy[];

  static from(run: PayoutReconciliationRun): PayoutReconciliation {
    return Object.assign(new PayoutReconciliation(), {
      id: toGlobalId('PayoutReconciliation', run.id),
      trigger: run.trigger as PayoutReconciliationTrigger,
      requestedById: run.requestedBy === null ? null : toGlobalId('User', run.requestedBy),
      stripeApi: run.stripeApi,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      transfersChecked: run.transfersChecked,
      payoutsChecked: run.payoutsChecked,
      clean: run.discrepancyCount === 0,
      discrepancyCount: run.discrepancyCount,
      discrepancies: run.discrepancies.map((discrepancy) => PayoutDiscrepancy.from(discrepancy)),
    });
  }
}

// The GraphQL enum and the domain's kinds are one list.
for (const kind of payoutDiscrepancyKinds) {
  if (PayoutDiscrepancyKind[kind] !== kind) throw new Error(`PayoutDiscrepancyKind lacks ${kind}`);
}

export const RunPayoutReconciliationError = UserErrorType(
  'RunPayoutReconciliationError',
  RunPayoutReconciliationErrorCode,
);

@ObjectType()
export class RunPayoutReconciliationPayload {
  @Field(() => PayoutReconciliation, {
    nullable: true,
    description: 'The completed run; null with an error.',
  })
  reconciliation!: PayoutReconciliation | null;

  @Field(() => [RunPayoutReconciliationError])
  errors!: InstanceType<typeof RunPayoutReconciliationError>[];
}
