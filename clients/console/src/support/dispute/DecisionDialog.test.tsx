import { ApolloLink } from '@apollo/client';
import { MockedProvider } from '@apollo/client/testing/react';
import { MantineProvider } from '@mantine/core';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Observable } from 'rxjs';
import { useState } from 'react';
import { DecisionDialog, type DecisionAttempt, type DecisionKind } from './DecisionDialog';

/**
 * The decision dialog against a scripted transport: the first refund request is lost on the way
 * back (the server may have applied it), the next ones answer. What matters is what the dialog
 * sends: one idempotency key per opening, the same key and input for a retry.
 */

interface SentDecision {
  operationName: string | undefined;
  input: { idempotencyKey: string; orderId: string; expectedDisputeVersion: number; reason: string };
}

function scriptedLink(sent: SentDecision[], answers: ('lost' | 'applied' | 'conflict')[]) {
  return new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        sent.push({
          operationName: operation.operationName,
          input: operation.variables['input'] as SentDecision['input'],
        });
        const answer = answers.shift() ?? 'applied';
        if (answer === 'lost') {
          observer.error(new TypeError('Failed to fetch'));
          return;
        }
        const field = operation.operationName === 'RefundOrder' ? 'refundOrder' : 'releaseOrder';
        observer.next({
          data: {
            [field]: {
              __typename: field === 'refundOrder' ? 'RefundOrderPayload' : 'ReleaseOrderPayload',
              replayed: false,
              order: null,
              dispute: null,
              errors:
                answer === 'conflict'
                  ? [
                      {
                        __typename: 'RefundOrderError',
                        code: 'DISPUTE_STATE_CHANGED',
                        message: 'The dispute changed since you saw it.',
                        field: null,
                      },
                    ]
                  : [],
            },
          },
        });
        observer.complete();
      }),
  );
}

const dispute = {
  version: 4,
  order: { id: 'T3JkZXI6MQ', price: { amount: 1250, currency: 'EUR' } },
  buyer: { displayName: 'Bea Buyer' },
  seller: { displayName: 'Sam Seller' },
};

function Harness({ onConflict, onDecided }: { onConflict: jest.Mock; onDecided: jest.Mock }) {
  const [attempt, setAttempt] = useState<DecisionAttempt | null>(null);
  const [openings, setOpenings] = useState(0);
  const open = (kind: DecisionKind) => {
    setOpenings(openings + 1);
    setAttempt({ kind, number: openings + 1 });
  };
  return (
    <>
      <button type="button" onClick={() => open('REFUND')}>
        Refund buyer
      </button>
      <DecisionDialog
        attempt={attempt}
        dispute={dispute}
        onClose={() => setAttempt(null)}
        onConflict={onConflict}
        onDecided={onDecided}
      />
    </>
  );
}

function renderDialog(sent: SentDecision[], answers: ('lost' | 'applied' | 'conflict')[]) {
  const onConflict = jest.fn();
  const onDecided = jest.fn();
  render(
    <MantineProvider env="test">
      <MockedProvider link={scriptedLink(sent, answers)}>
        <Harness onConflict={onConflict} onDecided={onDecided} />
      </MockedProvider>
    </MantineProvider>,
  );
  return { onConflict, onDecided, user: userEvent.setup() };
}

describe('DecisionDialog', () => {
  it('given a lost answer, retries the same attempt with the same key and input, once confirmed', async () => {
    const sent: SentDecision[] = [];
    const { user, onDecided } = renderDialog(sent, ['lost', 'applied']);

    await user.click(screen.getByRole('button', { name: 'Refund buyer' }));
    await user.type(screen.getByRole('textbox', { name: /reason/i }), 'Key already redeemed');
    await user.click(screen.getByRole('button', { name: 'Refund €12.50' }));

    expect((await screen.findByRole('alert')).textContent).toMatch(/may or may not have been applied/);
    // The reason is frozen: a different input under the same key would be refused by the server.
    expect(screen.getByRole('textbox', { name: /reason/i }).hasAttribute('readonly')).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Try again' }));

    await waitFor(() => expect(onDecided).toHaveBeenCalledWith({ kind: 'REFUND', replayed: false }));
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(sent[0]!.operationName).toBe('RefundOrder');
    expect(sent[0]!.input).toMatchObject({
      orderId: 'T3JkZXI6MQ',
      expectedDisputeVersion: 4,
      reason: 'Key already redeemed',
    });
    expect(sent[0]!.input.idempotencyKey).toMatch(/^[A-Za-z0-9._:-]{1,100}$/);
  });

  it('given the dialog closed and opened again, draws a new key: a new attempt', async () => {
    const sent: SentDecision[] = [];
    const { user } = renderDialog(sent, ['lost', 'applied']);

    await user.click(screen.getByRole('button', { name: 'Refund buyer' }));
    await user.type(screen.getByRole('textbox', { name: /reason/i }), 'First try');
    await user.click(screen.getByRole('button', { name: 'Refund €12.50' }));
    await screen.findByRole('alert');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    await user.click(screen.getByRole('button', { name: 'Refund buyer' }));
    await user.type(screen.getByRole('textbox', { name: /reason/i }), 'Second try');
    await user.click(screen.getByRole('button', { name: 'Refund €12.50' }));
    await waitFor(() => expect(sent).toHaveLength(2));

    expect(sent[1]!.input.idempotencyKey).not.toBe(sent[0]!.input.idempotencyKey);
  });

  it('given DISPUTE_STATE_CHANGED, hands the conflict to the page and closes', async () => {
    const sent: SentDecision[] = [];
    const { user, onConflict, onDecided } = renderDialog(sent, ['conflict']);

    await user.click(screen.getByRole('button', { name: 'Refund buyer' }));
    await user.type(screen.getByRole('textbox', { name: /reason/i }), 'Refund');
    await user.click(screen.getByRole('button', { name: 'Refund €12.50' }));

    await waitFor(() => expect(onConflict).toHaveBeenCalledWith('The dispute changed since you saw it.'));
    expect(onDecided).not.toHaveBeenCalled();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('given no reason, sends nothing', async () => {
    const sent: SentDecision[] = [];
    const { user } = renderDialog(sent, []);
    await user.click(screen.getByRole('button', { name: 'Refund buyer' }));
    await user.click(screen.getByRole('button', { name: 'Refund €12.50' }));
    await screen.findByText(/Say why/);
    expect(sent).toHaveLength(0);
  });

  it('tells the admin that the buyer and the seller both read the reason, not only the audit log', async () => {
    const sent: SentDecision[] = [];
    const { user } = renderDialog(sent, []);
    await user.click(screen.getByRole('button', { name: 'Refund buyer' }));
    const reason = screen.getByRole('textbox', { name: /reason/i });
    // The field's description, as a screen reader announces it with the field.
    const described = (reason.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ');
    expect(described).toContain(
      'The buyer and the seller both see it on their dispute page, as the decision’s reason.',
    );
    expect(described).toContain('audit log');
    // and so does the refusal of an empty reason
    await user.click(screen.getByRole('button', { name: 'Refund €12.50' }));
    expect((await screen.findByText(/Say why/)).textContent).toBe(
      'Say why: the buyer and the seller read it, and it is kept in the audit log',
    );
  });
});
