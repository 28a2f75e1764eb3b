export { createCodesaleClient, type CodesaleClient, type CodesaleClientOptions } from './apollo-client';
export {
  createAuthRetryLink,
  graphQLErrorCode,
  isUnauthenticatedError,
  isUnauthenticatedResult,
} from './auth-retry-link';
export {
  SessionRefresher,
  RefreshUnavailableError,
  browserTabCoordination,
  singleTabCoordination,
  type RefreshOutcome,
  type TabCoordination,
} from './session-refresher';
export { csrfHeader, hasSessionCookie, readCookie, readCsrfToken, refreshPath } from './session-cookies';
export { formatMoney, parseMoneyInput, type MoneyValue } from './money';
export {
  useResumableSubscription,
  type LiveStatus,
  type ResumableSubscriptionState,
} from './use-resumable-subscription';
export { registerSocketState, SocketStateStore, useSocketState, type SocketState } from './socket-state';
export { errorMessage } from './error-message';
export {
  resetOutcome,
  resetRequestOutcome,
  resetTokenFromHash,
  takeResetToken,
  type ResetOutcome,
  type ResetRequestOutcome,
} from './reset-link';
