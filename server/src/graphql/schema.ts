import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { AuditResolver } from '../audit/audit.resolver';
import { AuthResolver } from '../auth/auth.resolver';
import { PasswordResetResolver } from '../auth/password-reset.resolver';
import { CatalogResolver, ListingImageResolver, SellerResolver } from '../catalog/catalog.resolver';
import { CheckoutResolver } from '../checkout/checkout.resolver';
import { DecisionResolver } from '../disputes/decisions.resolver';
import {
  DisputeAttachmentResolver,
  DisputeChangeResolver,
  DisputeEventResolver,
  DisputeMessageResolver,
  DisputeResolver,
  OrderDisputeResolver,
} from '../disputes/disputes.resolver';
import { MoneyInvariantsResolver } from '../invariants/money-invariants.resolver';
import { LedgerEntryResolver, LedgerResolver } from '../ledger/ledger.resolver';
import { PayoutAdminResolver } from '../payouts/payout-admin.resolver';
import {
  OrderPayoutResolver,
  PayoutChangeResolver,
  PayoutOrderResolver,
  PayoutResolver,
  WithdrawalResolver,
} from '../payouts/payouts.resolver';
import { PayoutAccountResolver } from '../payouts/payout-accounts.resolver';
import { PayoutReconciliationResolver } from '../payouts/payout-reconciliation.resolver';
import { RiskResolver } from '../risk/risk.resolver';
import { ChargebackResolver, ChargebackWriteOffResolver } from '../wallet/chargeback.resolver';
import { TopUpResolver, WalletResolver } from '../wallet/wallet.resolver';
import { authChecker } from './authorization';

export const resolvers = [
  AuditResolver,
  AuthResolver,
  PasswordResetResolver,
  CatalogResolver,
  ListingImageResolver,
  SellerResolver,
  WalletResolver,
  TopUpResolver,
  ChargebackResolver,
  ChargebackWriteOffResolver,
  CheckoutResolver,
  LedgerResolver,
  LedgerEntryResolver,
  DisputeResolver,
  DisputeChangeResolver,
  DisputeEventResolver,
  DisputeMessageResolver,
  DisputeAttachmentResolver,
  OrderDisputeResolver,
  DecisionResolver,
  RiskResolver,
  PayoutResolver,
  WithdrawalResolver,
  PayoutOrderResolver,
  PayoutChangeResolver,
  OrderPayoutResolver,
  PayoutAdminResolver,
  PayoutAccountResolver,
  PayoutReconciliationResolver,
  MoneyInvariantsResolver,
] as const;

/** Subscriptions need a pubsub at execution time; printing the schema does not. */
const printingPubSub: PubSub = {
  publish: () => undefined,
  subscribe: () => {
    throw new Error('this schema was built for printing only');
  },
};

export async function createSchema(pubSub: PubSub = printingPubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    pubSub,
    validate: false,
    emitSchemaFile: false,
  });
}

/** The public contract, as committed in schema/schema.graphql: sorted so that it diffs cleanly. */
export function printContract(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
