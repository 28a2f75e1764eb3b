/** The error codes of the risk area's mutations (GraphQL enums in risk.types.ts). */

export enum OverrideRiskTierErrorCode {
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  ROLE_NOT_HELD = 'ROLE_NOT_HELD',
  SELF_OVERRIDE = 'SELF_OVERRIDE',
  INVALID_REASON = 'INVALID_REASON',
  EXPIRY_NOT_IN_FUTURE = 'EXPIRY_NOT_IN_FUTURE',
  EXPIRY_TOO_FAR = 'EXPIRY_TOO_FAR',
}

export enum ClearRiskOverrideErrorCode {
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  SELF_OVERRIDE = 'SELF_OVERRIDE',
  INVALID_REASON = 'INVALID_REASON',
  NO_OVERRIDE = 'NO_OVERRIDE',
}
