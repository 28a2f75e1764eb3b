// Every area's tables, for Drizzle's typed schema. Each area remains the only writer of its own tables.
export * from '../auth/auth.tables';
export * from '../audit/audit.tables';
export * from '../catalog/catalog.tables';
export * from '../ledger/ledger.tables';
export * from '../checkout/checkout.tables';
export * from '../disputes/disputes.tables';
export * from '../risk/risk.tables';
export * from '../shared/idempotency.tables';
export * from '../wallet/wallet.tables';
