import fc from 'fast-check';
import { partyHistorySchemaVersion, type PartyHistory } from './party-history';
import {
  maxScore,
  parseRiskThresholds,
  RISK_SCORING_VERSION,
  riskTiers,
  scoreParty,
  scorePartyWithVersion,
  tierForScore,
  tierRank,
  type RiskRole,
  type RiskThresholds,
} from './risk-scoring';
import { canonicalJson } from '../shared/canonical-json';

/** A consistent history: parts never exceed their wholes (completed + refunded <= orders, ...). */
const history: fc.Arbitrary<PartyHistory> = fc
  .record({
    accountAgeDays: fc.integer({ min: 0, max: 3_650 }),
    orders: fc.integer({ min: 0, max: 300 }),
    completedShare: fc.integer({ min: 0, max: 100 }),
    refundedShare: fc.integer({ min: 0, max: 100 }),
    disputedShare: fc.integer({ min: 0, max: 100 }),
    lostShare: fc.integer({ min: 0, max: 100 }),
    wonShare: fc.integer({ min: 0, max: 100 }),
    weekShare: fc.integer({ min: 0, max: 100 }),
    dayShare: fc.integer({ min: 0, max: 100 }),
    chargebacks: fc.integer({ min: 0, max: 8 }),
    sales: fc.integer({ min: 0, max: 600 }),
    salesCompletedShare: fc.integer({ min: 0, max: 100 }),
    salesRefundedShare: fc.integer({ min: 0, max: 100 }),
    receivedShare: fc.integer({ min: 0, max: 100 }),
    sellerLostShare: fc.integer({ min: 0, max: 100 }),
    salesWeekShare: fc.integer({ min: 0, max: 100 }),
  })
  .map((raw) => {
    const part = (whole: number, share: number) => Math.floor((whole * share) / 100);
    const completedOrders = part(raw.orders, raw.completedShare);
    const refundedOrders = part(raw.orders - completedOrders, raw.refundedShare);
    const disputesOpened = part(raw.orders, raw.disputedShare);
    const disputesLost = part(disputesOpened, raw.lostShare);
    const disputesWon = part(disputesOpened - disputesLost, raw.wonShare);
    const ordersLast7Days = part(raw.orders, raw.weekShare);
    const completedSales = part(raw.sales, raw.salesCompletedShare);
    const disputesReceived = part(raw.sales, raw.receivedShare);
    return {
      schemaVersion: partyHistorySchemaVersion,
      userId: '00000000-0000-4000-8000-000000000001',
      accountCreatedAt: '2024-01-01T00:00:00.000Z',
      accountAgeDays: raw.accountAgeDays,
      asBuyer: {
        orders: raw.orders,
        completedOrders,
        refundedOrders,
        disputesOpened,
        disputesWon,
        disputesLost,
        chargebacks: raw.chargebacks,
        ordersLast24Hours: part(ordersLast7Days, raw.dayShare),
        ordersLast7Days,
      },
      asSeller: {
        sales: raw.sales,
        completedSales,
        refundedSales: part(raw.sales - completedSales, raw.salesRefundedShare),
        disputesReceived,
        disputesLost: part(disputesReceived, raw.sellerLostShare),
        salesLast7Days: part(raw.sales, raw.salesWeekShare),
      },
    };
  });

const role = fc.constantFrom<RiskRole>('BUYER', 'SELLER');
const bump = fc.integer({ min: 1, max: 5 });

const thresholds: fc.Arbitrary<RiskThresholds> = fc
  .uniqueArray(fc.integer({ min: 1, max: maxScore }), { minLength: 4, maxLength: 4 })
  .map((values) => values.sort((left, right) => left - right))
  .map(([warning, atRisk, restricted, banned]) => ({
    WARNING: warning!,
    AT_RISK: atRisk!,
    RESTRICTED: restricted!,
    BANNED: banned!,
  }));

function withBuyer(base: PartyHistory, changes: Partial<PartyHistory['asBuyer']>): PartyHistory {
  return { ...base, asBuyer: { ...base.asBuyer, ...changes } };
}
function withSeller(base: PartyHistory, changes: Partial<PartyHistory['asSeller']>): PartyHistory {
  return { ...base, asSeller: { ...base.asSeller, ...changes } };
}

/** Given a history made worse by `worsen`, then neither role's score went down. */
function neverLowers(worsen: (base: PartyHistory, extra: number) => PartyHistory | null) {
  fc.assert(
    fc.property(history, role, bump, (base, party, extra) => {
      const worse = worsen(base, extra);
      fc.pre(worse !== null);
      expect(scoreParty(worse!, party).score).toBeGreaterThanOrEqual(scoreParty(base, party).score);
    }),
    { numRuns: 500 },
  );
}

describe('scoreParty', () => {
  it('given the same snapshot, when scored again (even after a JSON round trip), then the result is identical', () => {
    fc.assert(
      fc.property(history, role, (snapshot, party) => {
        const first = scoreParty(snapshot, party);
        expect(scoreParty(structuredClone(snapshot), party)).toEqual(first);
        expect(scoreParty(JSON.parse(canonicalJson(snapshot)) as PartyHistory, party)).toEqual(first);
        expect(scorePartyWithVersion(first.version, snapshot, party)).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  it('reads no clock and no randomness', () => {
    // given histories drawn before the traps are set (the property runner may read the clock itself)
    const cases = fc.sample(fc.tuple(history, role), 100);
    // and a Date that fails however it is touched (`new Date()`, `Date()`, `Date.now`, `Date.parse`),
    // a performance clock and a random source that fail too
    const touched = (what: string) => () => {
      throw new Error(`${what} read by scoring`);
    };
    const realDate = globalThis.Date;
    const trappedDate = new Proxy(realDate, {
      construct: touched('new Date'),
      apply: touched('Date()'),
      get: (target, property) =>
        typeof property === 'string' && ['now', 'parse', 'UTC'].includes(property)
          ? touched(`Date.${property}`)
          : Reflect.get(target, property),
    });
    const performanceNow = jest.spyOn(performance, 'now').mockImplementation(touched('performance.now'));
    const random = jest.spyOn(Math, 'random').mockImplementation(touched('Math.random'));
    globalThis.Date = trappedDate;
    try {
      // when each history is scored, then it succeeds
      for (const [snapshot, party] of cases) scoreParty(snapshot, party);
    } finally {
      globalThis.Date = realDate;
      performanceNow.mockRestore();
      random.mockRestore();
    }
  });

  it('gives a whole score from 0 to 1000, the capped sum of non-negative whole contributions', () => {
    fc.assert(
      fc.property(history, role, (snapshot, party) => {
        const result = scoreParty(snapshot, party);
        expect(result.version).toBe(RISK_SCORING_VERSION);
        for (const factor of result.factors) {
          expect(Number.isSafeInteger(factor.value) && Number.isSafeInteger(factor.contribution)).toBe(true);
          expect(factor.contribution).toBeGreaterThanOrEqual(0);
        }
        const sum = result.factors.reduce((total, factor) => total + factor.contribution, 0);
        expect(result.score).toBe(Math.min(maxScore, sum));
      }),
    );
  });

  describe('is monotonic in bad facts: more of one never lowers the score', () => {
    it('chargebacks', () =>
      neverLowers((base, extra) => withBuyer(base, { chargebacks: base.asBuyer.chargebacks + extra })));

    it("a buyer's disputes decided lost", () =>
      neverLowers((base, extra) => {
        const buyer = base.asBuyer;
        if (buyer.disputesLost + buyer.disputesWon + extra > buyer.disputesOpened) return null;
        return withBuyer(base, { disputesLost: buyer.disputesLost + extra });
      }));

    it('a buyer opening more disputes that are lost', () =>
      neverLowers((base, extra) => {
        const buyer = base.asBuyer;
        if (buyer.disputesOpened + extra > buyer.orders) return null;
        return withBuyer(base, {
          disputesOpened: buyer.disputesOpened + extra,
          disputesLost: buyer.disputesLost + extra,
        });
      }));

    it('refunded orders', () =>
      neverLowers((base, extra) => {
        const buyer = base.asBuyer;
        if (buyer.completedOrders + buyer.refundedOrders + extra > buyer.orders) return null;
        return withBuyer(base, { refundedOrders: buyer.refundedOrders + extra });
      }));

    it('orders in the last 24 hours', () =>
      neverLowers((base, extra) => {
        const buyer = base.asBuyer;
        if (buyer.ordersLast7Days + extra > buyer.orders) return null;
        return withBuyer(base, {
          ordersLast24Hours: buyer.ordersLast24Hours + extra,
          ordersLast7Days: buyer.ordersLast7Days + extra,
        });
      }));

    it("a seller's disputes lost", () =>
      neverLowers((base, extra) => {
        const seller = base.asSeller;
        if (seller.disputesReceived + extra > seller.sales) return null;
        return withSeller(base, {
          disputesReceived: seller.disputesReceived + extra,
          disputesLost: seller.disputesLost + extra,
        });
      }));

    it('refunded sales', () =>
      neverLowers((base, extra) => {
        const seller = base.asSeller;
        if (seller.completedSales + seller.refundedSales + extra > seller.sales) return null;
        return withSeller(base, { refundedSales: seller.refundedSales + extra });
      }));

    it('sales in the last 7 days', () =>
      neverLowers((base, extra) => {
        const seller = base.asSeller;
        if (seller.salesLast7Days + extra > seller.sales) return null;
        return withSeller(base, { salesLast7Days: seller.salesLast7Days + extra });
      }));

    it('a younger account (an older one never scores higher)', () =>
      fc.assert(
        fc.property(history, role, fc.integer({ min: 1, max: 400 }), (base, party, days) => {
          const older = { ...base, accountAgeDays: base.accountAgeDays + days };
          expect(scoreParty(older, party).score).toBeLessThanOrEqual(scoreParty(base, party).score);
        }),
      ));
  });

  // Pins version 1: changing a weight without a new RISK_SCORING_VERSION fails here.
  it.each([
    ['a new buyer with no history', 'BUYER', {}, {}, 0, 100],
    ['an established buyer with no history', 'BUYER', {}, {}, 400, 0],
    ['a new buyer with one chargeback', 'BUYER', { chargebacks: 1 }, {}, 0, 350],
    ['a new buyer with two chargebacks', 'BUYER', { chargebacks: 2 }, {}, 0, 600],
    ['a new buyer with three chargebacks', 'BUYER', { chargebacks: 3 }, {}, 0, 850],
    [
      'a buyer who lost 5 of 5 disputes on 10 orders, 5 refunded',
      'BUYER',
      { orders: 10, refundedOrders: 5, disputesOpened: 5, disputesLost: 5 },
      {},
      400,
      300 + 200 + 75,
    ],
    [
      'a buyer with 30 orders in a day',
      'BUYER',
      { orders: 30, ordersLast7Days: 30, ordersLast24Hours: 30 },
      {},
      10,
      30 + 100,
    ],
    [
      'a seller who lost 5 disputes over 10 sales',
      'SELLER',
      {},
      { sales: 10, disputesReceived: 6, disputesLost: 5 },
      3,
      60 + 400 + 150,
    ],
    ['a seller with 10 sales, 4 refunded', 'SELLER', {}, { sales: 10, refundedSales: 4 }, 100, 80],
    ['a seller with 2 sales, both refunded', 'SELLER', {}, { sales: 2, refundedSales: 2 }, 100, 40],
    ['a seller whose own buying drew 2 chargebacks', 'SELLER', { chargebacks: 2 }, {}, 100, 300],
    ['a seller with 260 sales in a week', 'SELLER', {}, { sales: 260, salesLast7Days: 260 }, 100, 60],
  ] as const)(
    'version 1: %s as %s scores as pinned',
    (_case, party, buyer, seller, accountAgeDays, expected) => {
      const snapshot = withSeller(withBuyer({ ...emptyHistory(), accountAgeDays }, buyer), seller);
      expect(scoreParty(snapshot, party).score).toBe(expected);
    },
  );

  it('names its factors in a fixed order', () => {
    expect(scoreParty(emptyHistory(), 'BUYER').factors.map((factor) => factor.name)).toEqual([
      'chargebacks',
      'disputesLost',
      'disputesLostRatio',
      'refundRatio',
      'accountAge',
      'velocity',
    ]);
  });

  it('refuses a history with a negative or fractional count, as a bug', () => {
    expect(() => scoreParty(withBuyer(emptyHistory(), { chargebacks: -1 }), 'BUYER')).toThrow(/chargebacks/);
    expect(() => scoreParty({ ...emptyHistory(), accountAgeDays: 1.5 }, 'SELLER')).toThrow(/accountAgeDays/);
    expect(() => scorePartyWithVersion(999, emptyHistory(), 'BUYER')).toThrow(/version 999/);
  });
});

describe('tierForScore', () => {
  it('given ascending thresholds, then a score is in the highest tier whose threshold it reaches', () => {
    fc.assert(
      fc.property(thresholds, fc.integer({ min: 0, max: maxScore }), (limits, score) => {
        const tier = tierForScore(score, limits);
        const floors = [0, limits.WARNING, limits.AT_RISK, limits.RESTRICTED, limits.BANNED];
        const rank = tierRank(tier);
        expect(score).toBeGreaterThanOrEqual(floors[rank]!);
        if (rank < riskTiers.length - 1) expect(score).toBeLessThan(floors[rank + 1]!);
      }),
    );
  });

  it('never gives a lower tier to a higher score', () => {
    fc.assert(
      fc.property(
        thresholds,
        fc.integer({ min: 0, max: maxScore }),
        fc.integer({ min: 0, max: maxScore }),
        (limits, a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(tierRank(tierForScore(low, limits))).toBeLessThanOrEqual(
            tierRank(tierForScore(high, limits)),
          );
        },
      ),
    );
  });

  it('puts a score exactly on a threshold in that tier', () => {
    const limits = { WARNING: 200, AT_RISK: 400, RESTRICTED: 600, BANNED: 800 };
    expect([0, 199, 200, 399, 400, 600, 799, 800, 1000].map((score) => tierForScore(score, limits))).toEqual([
      'NORMAL',
      'NORMAL',
      'WARNING',
      'WARNING',
      'AT_RISK',
      'RESTRICTED',
      'RESTRICTED',
      'BANNED',
      'BANNED',
    ]);
  });
});

describe('parseRiskThresholds', () => {
  it('accepts strictly ascending thresholds within 1..1000', () => {
    fc.assert(
      fc.property(thresholds, (limits) => {
        const text = [limits.WARNING, limits.AT_RISK, limits.RESTRICTED, limits.BANNED].join(',');
        expect(parseRiskThresholds(text)).toEqual(limits);
      }),
    );
  });

  it.each([
    '400,200,600,800',
    '200,200,600,800',
    '0,400,600,800',
    '200,400,600,1001',
    '200,400,600',
    'a,b,c,d',
    '200,400,600,800,900',
  ])('refuses "%s"', (text) => {
    expect(parseRiskThresholds(text)).toHaveProperty('error');
  });
});

function emptyHistory(): PartyHistory {
  return {
    schemaVersion: partyHistorySchemaVersion,
    userId: '00000000-0000-4000-8000-000000000002',
    accountCreatedAt: '2024-01-01T00:00:00.000Z',
    accountAgeDays: 0,
    asBuyer: {
      orders: 0,
      completedOrders: 0,
      refundedOrders: 0,
      disputesOpened: 0,
      disputesWon: 0,
      disputesLost: 0,
      chargebacks: 0,
      ordersLast24Hours: 0,
      ordersLast7Days: 0,
    },
    asSeller: {
      sales: 0,
      completedSales: 0,
      refundedSales: 0,
      disputesReceived: 0,
      disputesLost: 0,
      salesLast7Days: 0,
    },
  };
}
