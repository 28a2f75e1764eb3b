import { Badge, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { DisputeDetailFragment } from '../../gql/graphql';
import { factorLabel, formatFactorValue, parseRiskReason } from './risk-factors';

type PartyRisk = NonNullable<NonNullable<DisputeDetailFragment['risk']>['buyer']>;

/** Scores run from 0 to 1000 (server/src/domain/risk-scoring.ts). */
const maxScore = 1000;

function PartyRiskCard({
  party,
  name,
  risk,
}: {
  party: string;
  name: string;
  risk: PartyRisk | null | undefined;
}) {
  const headingId = `risk-${party.toLowerCase()}`;
  return (
    <Stack
      gap="xs"
      component="section"
      aria-labelledby={headingId}
      data-testid={`risk-${party.toLowerCase()}`}
    >
      <Group justify="space-between">
        <Title order={3} size="h5" id={headingId}>
          {party}: {name}
        </Title>
        {risk && (
          <Badge color={risk.tier === 'NORMAL' ? 'gray.7' : 'red.9'} variant="filled">
            {risk.tier}
          </Badge>
        )}
      </Group>
      {!risk ? (
        <Text size="sm" c="gray.7">
          No risk score: the dispute has no evidence snapshot.
        </Text>
      ) : (
        <>
          <Group gap="xs" align="center" wrap="nowrap">
            <Progress
              value={(risk.score * 100) / maxScore}
              color={risk.score >= 500 ? 'red.9' : 'indigo.7'}
              style={{ flex: 1 }}
              aria-label={`${party} risk score`}
            />
            <Text size="sm" fw={700}>
              {risk.score} / {maxScore}
            </Text>
          </Group>
          {risk.reasons.length === 0 ? (
            <Text size="sm" c="gray.7">
              No factor added points.
            </Text>
          ) : (
            <Table withTableBorder={false} verticalSpacing={4} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Factor</Table.Th>
                  <Table.Th>Value</Table.Th>
                  <Table.Th ta="right">Points</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {risk.reasons.map((reason) => {
                  const line = parseRiskReason(reason);
                  return line.kind === 'factor' ? (
                    <Table.Tr key={reason}>
                      <Table.Td>{factorLabel(line.name)}</Table.Td>
                      <Table.Td>{formatFactorValue(line.name, line.value)}</Table.Td>
                      <Table.Td ta="right">+{line.contribution}</Table.Td>
                    </Table.Tr>
                  ) : (
                    <Table.Tr key={reason}>
                      <Table.Td colSpan={3}>{line.text}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
    </Stack>
  );
}

/** Both parties' risk as scored from the evidence snapshot, with what each factor contributed. */
export function RiskPanel({ dispute }: { dispute: DisputeDetailFragment }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="risk-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="risk-heading">
          Risk
        </Title>
        <SimpleGrid cols={{ base: 1, md: 2, lg: 1 }} spacing="lg">
          <PartyRiskCard party="Buyer" name={dispute.buyer.displayName} risk={dispute.risk?.buyer} />
          <PartyRiskCard party="Seller" name={dispute.seller.displayName} risk={dispute.risk?.seller} />
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
