'use client';

import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { graphql } from '../gql';

const MySessionsQuery = graphql(`
  query MySessions {
    mySessions {
      id
      createdAt
      userAgent
      address
      current
    }
  }
`);

const RevokeSessionMutation = graphql(`
  mutation RevokeSession($input: RevokeSessionInput!) {
    revokeSession(input: $input) {
      session {
        id
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** A short name for a user agent string: the browser and the system, when recognisable. */
export function describeUserAgent(userAgent: string | null | undefined): string {
  if (!userAgent) return 'Unknown browser';
  const browser =
    [
      ['Edg/', 'Edge'],
      ['Firefox/', 'Firefox'],
      ['Chrome/', 'Chrome'],
      ['Safari/', 'Safari'],
    ].find(([token]) => userAgent.includes(token!))?.[1] ?? 'A browser';
  const system =
    [
      ['Android', 'Android'],
      ['iPhone', 'iPhone'],
      ['iPad', 'iPad'],
      ['Windows', 'Windows'],
      ['Mac OS X', 'macOS'],
      ['Linux', 'Linux'],
    ].find(([token]) => userAgent.includes(token!))?.[1] ?? null;
  return system ? `${browser} on ${system}` : browser;
}

/**
 * The viewer's active sessions (mySessions), this one marked; any other can be signed out
 * (revokeSession). Signing this one out is the Sign out button's job.
 */
export function SessionsPanel() {
  const { data, loading, error, refetch } = useQuery(MySessionsQuery, { fetchPolicy: 'network-only' });
  const [revoke] = useMutation(RevokeSessionMutation);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const revokeSession = async (sessionId: string) => {
    setRevoking(sessionId);
    setFailure(null);
    try {
      const { data: answer } = await revoke({ variables: { input: { sessionId } } });
      const problem = answer?.revokeSession.errors[0];
      if (problem) setFailure(problem.message);
      await refetch();
    } catch {
      setFailure('CodeSale did not answer; the session was not signed out. Try again.');
    } finally {
      setRevoking(null);
    }
  };

  const sessions = [...(data?.mySessions ?? [])].sort(
    (a, b) => Number(b.current) - Number(a.current) || b.createdAt.localeCompare(a.createdAt),
  );

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="account-sessions-title">
      <Title order={2} size="h3" id="account-sessions-title" mb="xs">
        Active sessions
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Every browser and device signed in to your account. Sign out any you do not recognise.
      </Text>
      {failure && (
        <Alert color="red" role="alert" mb="sm" title="Could not sign that session out">
          {failure}
        </Alert>
      )}
      {loading && !data ? (
        <Loader size="sm" role="status" aria-label="Loading your sessions" />
      ) : error ? (
        <Alert color="orange" title="Your sessions could not be loaded" role="alert">
          Reload the page to try again.
        </Alert>
      ) : (
        <Table data-testid="sessions" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Browser</Table.Th>
              <Table.Th>Signed in</Table.Th>
              <Table.Th>Address</Table.Th>
              <Table.Th>
                <VisuallyHidden>Action</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sessions.map((session) => (
              <Table.Tr key={session.id} data-current={session.current || undefined}>
                <Table.Td>
                  <Group gap="xs">
                    <Text size="sm">{describeUserAgent(session.userAgent)}</Text>
                    {session.current && (
                      <Badge size="sm" variant="light" color="teal">
                        This browser
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{dateTime.format(new Date(session.createdAt))}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{session.address ?? 'Unknown'}</Text>
                </Table.Td>
                <Table.Td>
                  {!session.current && (
                    <Button
                      size="xs"
                      variant="default"
                      loading={revoking === session.id}
                      onClick={() => void revokeSession(session.id)}
                      aria-label={`Sign out ${describeUserAgent(session.userAgent)}, signed in ${dateTime.format(new Date(session.createdAt))}`}
                    >
                      Sign out
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
