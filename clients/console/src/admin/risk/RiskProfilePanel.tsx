import { useMutation, useQuery } from '@apollo/client/react';
import { Badge, Button, Card, Group, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { DateTime } from '../../ui/DateTime';
import { ReasonDialog } from '../shared/ReasonDialog';
import { OverrideTierForm, type OverrideTierValues } from './OverrideTierForm';
import { formatRiskFactorValue, riskFactorLabel } from './risk-factors';
import { riskTierChangeCauseLabel, riskTierColor } from './risk-tiers';
import { ScrollTable } from '../shared/ScrollTable';

export const RiskProfileDetails = graphql(`
  fragment RiskProfileDetails on RiskProfile {
    id
    userId
    role
    score
    tier
    computedTier
    computedAt
    scoringVersion
    factors {
      name
      value
      contribution
    }
    override {
      tier
      reason
      setAt
      setById
      expiresAt
    }
    tierChanges(first: 50) {
      edges {
        node {
          id
          createdAt
          cause
          fromTier
          toTier
          effectiveTier
          score
          reason
          actorId
          overrideExpiresAt
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

const OverrideRiskTierMutation = graphql(`
  mutation AdminOverrideRiskTier($input: OverrideRiskTierInput!) {
    overrideRiskTier(input: $input) {
      riskProfile {
        ...RiskProfileDetails
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

const ClearRiskOverrideMutation = graphql(`
  mutation AdminClearRiskOverride($input: ClearRiskOverrideInput!) {
    clearRiskOverride(input: $input) {
      riskProfile {
        ...RiskProfileDetails
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

// The override and the history name an admin by id: their name is read from it.
const RiskAdminQuery = graphql(`
  query AdminRiskActor($userId: ID!) {
    user(id: $userId) {
      id
      displayName
    }
  }
`);

/** The score is out of 1000; a factor's bar is its share of that. */
const maxScore = 1000;

function TierBadge({ tier }: { tier: Parameters<typeof riskTierColor>[0] }) {
  return (
    <Badge color={riskTierColor(tier)} variant="filled">
      {tier}
    </Badge>
  );
}

/** An admin by their display name (Apollo asks once per id); "an admin" until known or if gone. */
function AdminName({ userId }: { userId: string }) {
  const { data } = useQuery(RiskAdminQuery, { variables: { userId } });
  return <>{data?.user?.displayName ?? 'an admin'}</>;
}

export function RiskProfilePanel({
  profile: profileReference,
}: {
  profile: FragmentType<typeof RiskProfileDetails>;
}) {
  const profile = useFragment(RiskProfileDetails, profileReference);
  const [overrideRiskTier] = useMutation(OverrideRiskTierMutation);
  const [clearRiskOverride] = useMutation(ClearRiskOverrideMutation);
  const [clearing, setClearing] = useState(false);

  const override = async (values: OverrideTierValues) => {
    const { data } = await overrideRiskTier({
      variables: { input: { userId: profile.userId, role: profile.role, ...values } },
    });
    const errors = data?.overrideRiskTier.errors ?? [];
    if (errors.length === 0)
      notifications.show({
        color: 'green',
        title: 'Tier overridden',
        message: `${values.tier} is in force now.`,
      });
    return errors;
  };

  const clear = async (reason: string) => {
    const { data } = await clearRiskOverride({
      variables: { input: { userId: profile.userId, role: profile.role, reason } },
    });
    const errors = data?.clearRiskOverride.errors ?? [];
    if (errors.length === 0)
      notifications.show({
        color: 'green',
        title: 'Override cleared',
        message: 'The computed tier is in force again.',
      });
    return errors;
  };

  const changes = profile.tierChanges.edges.map((edge) => edge.node);
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            Score
          </Text>
          <Text fz={32} fw={700} data-testid="risk-score">
            {profile.score}
            <Text component="span" size="sm" c="dimmed">
              {' '}
              / {maxScore}
            </Text>
          </Text>
          <Text size="xs" c="dimmed">
            Scoring version {profile.scoringVersion ?? '—'}, history of{' '}
            <DateTime value={profile.computedAt} />
          </Text>
        </Card>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            Tier in force
          </Text>
          <Group mt="xs">
            <TierBadge tier={profile.tier} />
            {profile.override && <Badge variant="outline">overridden</Badge>}
          </Group>
          <Text size="xs" c="dimmed" mt="xs">
            Computed tier: {profile.computedTier}
          </Text>
        </Card>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            Override
          </Text>
          {profile.override ? (
            <Stack gap={4} mt="xs">
              <Group gap="xs">
                <TierBadge tier={profile.override.tier} />
                <Text size="sm">
                  until <DateTime value={profile.override.expiresAt} />
                </Text>
              </Group>
              <Text size="sm">“{profile.override.reason}”</Text>
              <Text size="xs" c="dimmed">
                Set <DateTime value={profile.override.setAt} /> by{' '}
                <span data-testid="risk-override-set-by">
                  <AdminName userId={profile.override.setById} />
                </span>
              </Text>
              <Group>
                <Button size="xs" color="red.9" variant="outline" onClick={() => setClearing(true)}>
                  Clear override…
                </Button>
              </Group>
            </Stack>
          ) : (
            <Text size="sm" mt="xs">
              None: the computed tier is in force.
            </Text>
          )}
        </Card>
      </SimpleGrid>

      <Title order={3}>Factors</Title>
      {profile.factors.length === 0 ? (
        <Text c="dimmed" size="sm">
          Never scored: no factor yet.
        </Text>
      ) : (
        <ScrollTable label="Factors" minWidth={520}>
          <Table verticalSpacing="xs">
            <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
              What the score is made of: each factor's value and the points it adds
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Factor</Table.Th>
                <Table.Th scope="col">Value</Table.Th>
                <Table.Th scope="col">Contribution</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {profile.factors.map((factor) => (
                <Table.Tr key={factor.name}>
                  <Table.Td>{riskFactorLabel(factor.name)}</Table.Td>
                  <Table.Td>{formatRiskFactorValue(factor.name, factor.value)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm" w={48} ta="right">
                        +{factor.contribution}
                      </Text>
                      <Progress
                        value={(factor.contribution / maxScore) * 100}
                        w={160}
                        aria-label={`${riskFactorLabel(factor.name)}: ${factor.contribution} of ${maxScore} points`}
                      />
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}

      <Title order={3}>Override the tier</Title>
      <Card withBorder maw={640}>
        <OverrideTierForm key={profile.id} currentTier={profile.tier} onSubmit={override} />
      </Card>

      <Title order={3}>Tier history</Title>
      {changes.length === 0 ? (
        <Text c="dimmed" size="sm">
          The tier never changed.
        </Text>
      ) : (
        <ScrollTable label="Tier history" minWidth={720}>
          <Table striped verticalSpacing="xs">
            <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
              {profile.tierChanges.pageInfo.hasNextPage
                ? `The latest ${changes.length} changes, newest first`
                : 'Every change, newest first'}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">When</Table.Th>
                <Table.Th scope="col">Cause</Table.Th>
                <Table.Th scope="col">From → to</Table.Th>
                <Table.Th scope="col">In force after</Table.Th>
                <Table.Th scope="col">Score</Table.Th>
                <Table.Th scope="col">Reason</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {changes.map((change) => (
                <Table.Tr key={change.id}>
                  <Table.Td>
                    <DateTime value={change.createdAt} />
                  </Table.Td>
                  <Table.Td>
                    {riskTierChangeCauseLabel(change.cause)}
                    {change.actorId && (
                      <Text size="xs" c="dimmed">
                        by <AdminName userId={change.actorId} />
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {change.fromTier} → {change.toTier}
                  </Table.Td>
                  <Table.Td>
                    <TierBadge tier={change.effectiveTier} />
                  </Table.Td>
                  <Table.Td>{change.score}</Table.Td>
                  <Table.Td>
                    {change.reason}
                    {change.overrideExpiresAt && (
                      <Text size="xs" c="dimmed">
                        until <DateTime value={change.overrideExpiresAt} />
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}

      <ReasonDialog
        opened={clearing}
        onClose={() => setClearing(false)}
        title="Clear the risk override"
        confirmLabel="Clear override"
        onConfirm={clear}
      >
        <Text size="sm">
          The override ({profile.override?.tier}) ends now and the computed tier, {profile.computedTier}, is
          in force again.
        </Text>
      </ReasonDialog>
    </Stack>
  );
}
