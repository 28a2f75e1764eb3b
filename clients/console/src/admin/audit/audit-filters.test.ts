import { globalId } from '../../ui/global-id';
import { auditFilterValues, detailsSummary } from './audit-filters';

describe('auditFilterValues', () => {
  it('takes an actor by email to look up, and by id as it is', () => {
    expect(auditFilterValues({ actor: ' Ana@Example.test ', subject: '', action: '' })).toEqual({
      actorId: null,
      actorEmail: 'Ana@Example.test',
      subjectId: null,
      action: null,
    });
    const id = globalId('User', '6f1c4a0e-3b7d-4a8e-9c2f-1d5e8b7a9c01');
    expect(auditFilterValues({ actor: id, subject: '', action: '' }).actorId).toBe(id);
  });

  it("makes a raw uuid a user's global id, and trims the action", () => {
    const raw = '6F1C4A0E-3B7D-4A8E-9C2F-1D5E8B7A9C01';
    expect(auditFilterValues({ actor: raw, subject: raw, action: ' user.disabled ' })).toEqual({
      actorId: globalId('User', raw.toLowerCase()),
      actorEmail: null,
      subjectId: globalId('User', raw.toLowerCase()),
      action: 'user.disabled',
    });
  });
});

describe('detailsSummary', () => {
  it('lists particulars other than the reason, at most three', () => {
    expect(detailsSummary('{"reason":"Left","disputesReturned":2,"roles":["SUPPORT"]}')).toBe(
      'disputesReturned: 2, roles: ["SUPPORT"]',
    );
    expect(detailsSummary('{"reason":"Left"}')).toBeNull();
    expect(detailsSummary('not json')).toBeNull();
  });
});
