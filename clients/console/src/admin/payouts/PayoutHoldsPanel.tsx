import { useMutation, useQuery } from '@apollo/client/react';
import { Badge, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { graphql } from '../../gql';
import { PageLoader } from '../../ui/PageLoader';
import { DateTime } from '../../ui/DateTime';
import { QueryErrorAlert } from '../shared/QueryErrorAlert';
import { ReasonDialog } from '../shared/ReasonDialog';
import { ScrollTable } from '../shared/ScrollTable';
import { UserFinder } from '../shared/UserFinder';

const PayoutHoldsQuery = graphql(`
  query AdminPayoutHolds($sellerId: ID!) {
    user(id: $sellerId) {
      id
      displayName
      email
      roles
    }
    payoutHolds(sellerId: $sellerId) {
      id
      active
      reason
      setAt
      setBy {
        id
        displayName
      }
      liftReason
      liftedAt
      liftedBy {
        id
        displayName
      }
    }
  }
`);

const SetPayoutHoldMutation = graphql(`
  mutation AdminSetPayoutHold($input: SetPayoutHoldInput!) {
    setPayoutHold(input: $input) {
      hold {
        id
        active
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

const LiftPayoutHoldMutation = graphql(`
  mutation AdminLiftPayoutHold($input: LiftPayoutHoldInput!) {
    liftPayoutHold(input: $input) {
      hold {
        id
        active
        liftReason
        liftedAt
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

const sellerIdPattern = /^[A-Za-z0-9_-]{4,200}$/;

/**
 * A seller's payout holds: while one is active, every order of the seller is BLOCKED (ADMIN_HOLD).
 * Mounted with the seller id as its key, so a seller chosen elsewhere (the feed) starts it afresh.
 */
export function PayoutHoldsPanel({
  sellerId,
  onSellerChange,
}: {
  sellerId: string;
  onSellerChange: (sellerId: string) => void;
}) {
  const form = useForm({
    initialValues: { sellerId },
    validate: {
      sellerId: (value) =>
        sellerIdPattern.test(value.trim())
          ? null
          : 'Paste the seller id (a User id), or find the seller by email above.',
    },
  });
  const { data, loading, error, refetch } = useQuery(PayoutHoldsQuery, {
    variables: { sellerId },
    skip: sellerId === '',
  });
  const [setPayoutHold] = useMutation(SetPayoutHoldMutation, {
    refetchQueries: ['AdminPayoutHolds'],
    awaitRefetchQueries: true,
  });
  const [liftPayoutHold] = useMutation(LiftPayoutHoldMutation, {
    refetchQueries: ['AdminPayoutHolds'],
    awaitRefetchQueries: true,
  });
  const [dialog, setDialog] = useState<'SET' | 'LIFT' | null>(null);

  const holds = data?.payoutHolds ?? [];
  const activeHold = holds.find((hold) => hold.active);
  const seller = data?.user;

  const setHold = async (reason: string) => {
    const { data: result } = await setPayoutHold({ variables: { input: { sellerId, reason } } });
    const errors = result?.setPayoutHold.errors ?? [];
    if (errors.length === 0)
      notifications.show({
        color: 'orange',
        title: 'Payouts held',
        message: `${seller?.displayName}'s payouts are held.`,
      });
    return errors;
  };
  const liftHold = async (reason: string) => {
    const { data: result } = await liftPayoutHold({ variables: { input: { sellerId, reason } } });
    const errors = result?.liftPayoutHold.errors ?? [];
    if (errors.length === 0)
      notifications.show({
        color: 'green',
        title: 'Hold lifted',
        message: `${seller?.displayName}'s payouts may go out.`,
      });
    return errors;
  };

  return (
    <Stack>
      <UserFinder label="Find a seller" onChoose={(user) => onSellerChange(user.id)} />
      <form
        noValidate
        aria-label="Look up a seller's payout holds"
        onSubmit={form.onSubmit((values) => onSellerChange(values.sellerId.trim()))}
      >
        <Group align="flex-end">
          <TextInput label="Seller id" style={{ flex: 1 }} maw={480} {...form.getInputProps('sellerId')} />
          <Button type="submit" variant="default">
            Show holds
          </Button>
        </Group>
      </form>
      {error && <QueryErrorAlert error={error} what="the holds" onRetry={() => void refetch()} />}
      {sellerId !== '' && loading && !data && <PageLoader />}
      {data && !seller && <Text role="status">No user with this id.</Text>}
      {seller && (
        <Stack>
          <Group>
            <Text fw={500}>
              {seller.displayName}{' '}
              <Text component="span" c="dimmed" size="sm">
                {seller.email}
              </Text>
            </Text>
            {activeHold ? (
              <Badge color="orange" variant="dot">
                Payouts held
              </Badge>
            ) : (
              <Badge color="green" variant="dot">
                No active hold
              </Badge>
            )}
            {activeHold ? (
              <Button size="xs" variant="default" onClick={() => setDialog('LIFT')}>
                Lift hold…
              </Button>
            ) : (
              <Button size="xs" variant="default" onClick={() => setDialog('SET')}>
                Hold payouts…
              </Button>
            )}
          </Group>
          {holds.length === 0 ? (
            <Text size="sm" c="dimmed">
              This seller's payouts were never held.
            </Text>
          ) : (
            <ScrollTable label="Holds" minWidth={640}>
              <Table verticalSpacing="xs" striped>
                <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
                  Holds, newest first (at most 50)
                </Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Set</Table.Th>
                    <Table.Th scope="col">Reason</Table.Th>
                    <Table.Th scope="col">Lifted</Table.Th>
                    <Table.Th scope="col">Lift reason</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {holds.map((hold) => (
                    <Table.Tr key={hold.id}>
                      <Table.Td>
                        <DateTime value={hold.setAt} /> by {hold.setBy.displayName}
                      </Table.Td>
                      <Table.Td>{hold.reason}</Table.Td>
                      <Table.Td>
                        {hold.active ? (
                          <Badge color="orange" variant="dot">
                            Active
                          </Badge>
                        ) : (
                          <>
                            <DateTime value={hold.liftedAt} /> by {hold.liftedBy?.displayName ?? '—'}
                          </>
                        )}
                      </Table.Td>
                      <Table.Td>{hold.liftReason ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )}
        </Stack>
      )}
      <ReasonDialog
        opened={dialog === 'SET'}
        onClose={() => setDialog(null)}
        title="Hold this seller's payouts"
        confirmLabel="Hold payouts"
        onConfirm={setHold}
      >
        <Text size="sm">
          Every order of <b>{seller?.displayName}</b> becomes BLOCKED (ADMIN_HOLD): no withdrawal and no sweep
          pays it until the hold is lifted. Payouts already sent are not affected.
        </Text>
      </ReasonDialog>
      <ReasonDialog
        opened={dialog === 'LIFT'}
        onClose={() => setDialog(null)}
        title="Lift the payout hold"
        confirmLabel="Lift hold"
        confirmColor="indigo"
        onConfirm={liftHold}
      >
        <Text size="sm">
          <b>{seller?.displayName}</b>'s orders become eligible again as their own rules allow. The hold was
          set for: “{activeHold?.reason}”.
        </Text>
      </ReasonDialog>
    </Stack>
  );
}
