import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useMutation } from '@apollo/client/react';
import { formatMoney, type MoneyValue } from '@codesale/client-shared';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { RefundOrderMutation, ReleaseOrderMutation } from './dispute.documents';
import { newIdempotencyKey } from './idempotency-key';

export type DecisionKind = 'REFUND' | 'RELEASE';

/** One opening of the dialog. A new number is a new attempt, with a new idempotency key. */
export interface DecisionAttempt {
  kind: DecisionKind;
  number: number;
}

export interface DecisionSubject {
  version: number;
  order: { id: string; price: MoneyValue };
  buyer: { displayName: string };
  seller: { displayName: string };
}

export interface DecisionDialogProps {
  attempt: DecisionAttempt | null;
  dispute: DecisionSubject;
  onClose: () => void;
  /** DISPUTE_STATE_CHANGED: the page says so and shows the dispute as it is now. */
  onConflict: (message: string) => void;
  onDecided: (outcome: { kind: DecisionKind; replayed: boolean }) => void;
}

const maxReasonLength = 1000;

/**
 * Who reads the reason: it is the decision's note on the dispute's timeline, which both parties
 * read. The buyer app's dispute page and the seller's (seller/disputes/DisputeHistory.tsx) show it
 * as "The decision's reason: …".
 */
const decisionReasonAudience =
  'The buyer and the seller both see it on their dispute page, as the decision’s reason. Also recorded in the audit log.';

/** Errors the API raises before a resolver runs: nothing can have been applied. */
const refusedCodes = new Set(['FORBIDDEN', 'UNAUTHENTICATED', 'BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']);

function wasRefusedBeforeRunning(error: unknown): error is CombinedGraphQLErrors {
  return (
    CombinedGraphQLErrors.is(error) &&
    error.errors.length > 0 &&
    error.errors.every((entry) => refusedCodes.has(String(entry.extensions?.['code'])))
  );
}

/**
 * An admin's money decision on a disputed order, confirmed in a dialog. Each opening is one
 * attempt with its own idempotency key, drawn when the dialog opens; retrying after an answer that
 * never arrived sends the same attempt again (same key, same input), so the server applies it at
 * most once and answers the first result. Cancelling and opening again is a new attempt.
 */
export function DecisionDialog({ attempt, dispute, onClose, onConflict, onDecided }: DecisionDialogProps) {
  const kind = attempt?.kind ?? 'REFUND';
  return (
    <Modal
      opened={attempt !== null}
      onClose={onClose}
      title={kind === 'REFUND' ? 'Refund the buyer' : 'Release to the seller'}
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {attempt && (
        <DecisionForm
          key={attempt.number}
          kind={attempt.kind}
          dispute={dispute}
          onClose={onClose}
          onConflict={onConflict}
          onDecided={onDecided}
        />
      )}
    </Modal>
  );
}

interface DecisionFormProps extends Omit<DecisionDialogProps, 'attempt'> {
  kind: DecisionKind;
}

function DecisionForm({ kind, dispute, onClose, onConflict, onDecided }: DecisionFormProps) {
  // Drawn once per opening (this form mounts when the dialog opens), fixed for its retries.
  const [attempt] = useState(() => ({
    idempotencyKey: newIdempotencyKey(),
    orderId: dispute.order.id,
    expectedDisputeVersion: dispute.version,
  }));
  const [refundOrder, refund] = useMutation(RefundOrderMutation);
  const [releaseOrder, release] = useMutation(ReleaseOrderMutation);
  const [failure, setFailure] = useState<string | null>(null);
  // After an answer that never arrived the attempt may have been applied: its input is frozen so a
  // retry is exactly the same request (a changed input with the same key is IDEMPOTENCY_KEY_REUSED).
  const [outcomeUnknown, setOutcomeUnknown] = useState(false);
  const form = useForm({
    initialValues: { reason: '' },
    validate: {
      reason: (value) =>
        value.trim().length === 0
          ? 'Say why: the buyer and the seller read it, and it is kept in the audit log'
          : value.length > maxReasonLength
            ? `At most ${maxReasonLength} characters`
            : null,
    },
  });

  const amount = formatMoney(dispute.order.price);
  const submit = form.onSubmit(async ({ reason }) => {
    setFailure(null);
    const input = { ...attempt, reason };
    try {
      const payload =
        kind === 'REFUND'
          ? (await refundOrder({ variables: { input } })).data?.refundOrder
          : (await releaseOrder({ variables: { input } })).data?.releaseOrder;
      if (!payload) throw new Error('The server gave no answer.');
      setOutcomeUnknown(false);
      const error = payload.errors[0];
      if (error?.code === 'DISPUTE_STATE_CHANGED') {
        onConflict(error.message);
        onClose();
        return;
      }
      if (error) {
        // A refused decision changed nothing and claimed no key: the same attempt may be corrected.
        setFailure(error.message);
        return;
      }
      onDecided({ kind, replayed: payload.replayed });
      onClose();
    } catch (thrown) {
      if (wasRefusedBeforeRunning(thrown)) {
        setFailure(thrown.message);
        return;
      }
      setOutcomeUnknown(true);
      setFailure(
        `${thrown instanceof Error ? thrown.message : 'The request failed'}. It may or may not have been applied: ` +
          '“Try again” sends this same attempt, which the server applies at most once.',
      );
    }
  });

  const sending = refund.loading || release.loading;
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text>
          {kind === 'REFUND'
            ? `Refund ${amount} from escrow to ${dispute.buyer.displayName}'s wallet. The dispute closes as won by the buyer.`
            : `Release ${amount} from escrow to ${dispute.seller.displayName}. The dispute closes as lost by the buyer.`}{' '}
          This moves money and cannot be undone.
        </Text>
        {failure && (
          <Alert color="red" title="Not decided" role="alert">
            {failure}
          </Alert>
        )}
        <Textarea
          label="Reason"
          description={decisionReasonAudience}
          required
          autosize
          minRows={3}
          maxLength={maxReasonLength}
          readOnly={outcomeUnknown}
          data-autofocus
          {...form.getInputProps('reason')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={sending}>
            Cancel
          </Button>
          <Button type="submit" color={kind === 'REFUND' ? 'red.9' : 'indigo.7'} loading={sending}>
            {outcomeUnknown ? 'Try again' : kind === 'REFUND' ? `Refund ${amount}` : `Release ${amount}`}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
