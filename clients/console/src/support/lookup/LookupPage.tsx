import { Button, Card, Divider, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate, useSearchParams } from 'react-router';
import { UserFinder } from '../../admin/shared/UserFinder';
import { CustomerPanel } from './CustomerPanel';
import { OrderPanel } from './OrderPanel';
import { globalIdFromInput } from '../../ui/global-id';
import { lookupPath, readLookupTarget, validateOrderId } from './lookup-target';

/**
 * Support's look-up: a customer who writes in is found by their email (or id), and shown whole:
 * who they are, their risk as buyer and seller, every dispute they are a party to and every order
 * they bought or sold; or an order is opened by its id with both parties. Each name links to its
 * own look-up, each dispute to its page. What is looked up stays in the address.
 */
export function LookupPage() {
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const target = readLookupTarget(searchParams);
  const orderForm = useForm({
    initialValues: { orderId: target?.kind === 'order' ? target.orderId : '' },
    validate: { orderId: validateOrderId },
  });

  const openOrder = orderForm.onSubmit((values) => {
    void navigate(lookupPath({ kind: 'order', orderId: globalIdFromInput('Order', values.orderId) }));
  });

  return (
    <Stack>
      <Title order={1}>Look up</Title>
      <Text c="dimmed" maw={720}>
        Find a customer by their email to see their account, risk, disputes and orders, or open an order by
        its id.
      </Text>
      <Card withBorder maw={720}>
        <Stack>
          {/* Keyed by the customer shown: choosing one closes the list of matches, the customer is below. */}
          <UserFinder
            key={target?.kind === 'user' ? target.userId : ''}
            label="Find a customer"
            onChoose={(user) => void navigate(lookupPath({ kind: 'user', userId: user.id }))}
          />
          <Divider label="or" labelPosition="center" />
          <form onSubmit={openOrder} noValidate aria-label="Open an order">
            <Group align="flex-start">
              <TextInput
                label="Order id"
                style={{ flex: 1 }}
                maw={480}
                {...orderForm.getInputProps('orderId')}
              />
              <Button type="submit" variant="default" mt={25}>
                Open
              </Button>
            </Group>
          </form>
        </Stack>
      </Card>
      {target?.kind === 'user' && <CustomerPanel key={target.userId} userId={target.userId} />}
      {target?.kind === 'order' && <OrderPanel key={target.orderId} orderId={target.orderId} />}
    </Stack>
  );
}
