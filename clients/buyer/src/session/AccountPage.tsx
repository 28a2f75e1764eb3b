'use client';

import { Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ChangePasswordPanel } from './ChangePasswordPanel';
import { loginHref } from './safe-next';
import { SessionsPanel } from './SessionsPanel';
import { useViewer } from './viewer';

/** /account: who is signed in, their active sessions, their password, sign out here or everywhere. */
export function AccountPage() {
  const { viewer, signOut, signingOut } = useViewer();
  const [everywhere, setEverywhere] = useState(false);

  useEffect(() => {
    if (viewer === null) window.location.assign(loginHref('/account'));
  }, [viewer]);

  if (!viewer) {
    return (
      <Stack>
        <Title order={1}>Your account</Title>
        <Loader aria-label="Loading your account" />
      </Stack>
    );
  }

  return (
    <Stack gap="lg" maw={760}>
      <Title order={1}>Your account</Title>
      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="account-profile-title">
        <Title order={2} size="h3" id="account-profile-title" mb="sm">
          Profile
        </Title>
        <Text>
          <strong>{viewer.displayName}</strong>
        </Text>
        {viewer.email && <Text c="dimmed">{viewer.email}</Text>}
      </Paper>
      <SessionsPanel />
      <ChangePasswordPanel />
      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="account-signout-title">
        <Title order={2} size="h3" id="account-signout-title" mb="sm">
          Sign out
        </Title>
        <Text size="sm" mb="sm">
          Signing out everywhere ends every session of your account, on every device and browser, including
          this one.
        </Text>
        <Group>
          <Button variant="default" loading={signingOut && !everywhere} onClick={() => void signOut(false)}>
            Sign out
          </Button>
          <Button
            color="red"
            variant="light"
            loading={signingOut && everywhere}
            onClick={() => {
              setEverywhere(true);
              void signOut(true);
            }}
          >
            Sign out everywhere
          </Button>
        </Group>
      </Paper>
    </Stack>
  );
}
