import { riskTierChangeCauseLabel } from './risk-tiers';

describe('riskTierChangeCauseLabel', () => {
  it('words each cause of a tier change, and an unknown one from its code', () => {
    expect(riskTierChangeCauseLabel('OVERRIDE_SET')).toBe('Override set');
    expect(riskTierChangeCauseLabel('OVERRIDE_CLEARED')).toBe('Override cleared');
    expect(riskTierChangeCauseLabel('OVERRIDE_EXPIRED')).toBe('Override expired');
    expect(riskTierChangeCauseLabel('RECOMPUTE')).toBe('New score');
    expect(riskTierChangeCauseLabel('MANUAL_REVIEW')).toBe('Manual review');
    // Names on Object.prototype are not causes.
    expect(riskTierChangeCauseLabel('constructor')).toBe('Constructor');
  });
});
