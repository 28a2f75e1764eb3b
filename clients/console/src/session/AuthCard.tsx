import { Alert, Anchor, Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { FormEventHandler, ReactNode } from 'react';
import { Link } from 'react-router';

/**
 * The card of the console's signed-out pages (sign in, seller sign-up): the page's h1, the form's
 * failure (when there is one) as an alert, the fields, and a line linking to the other page.
 */
export function AuthCard(props: {
  title: string;
  width: number;
  onSubmit: FormEventHandler<HTMLFormElement>;
  failureTitle: string;
  failure: string | null;
  other: { prompt: string; label: string; to: string };
  children: ReactNode;
}) {
  return (
    <Center mih="100vh" component="main">
      <Paper withBorder shadow="sm" p="xl" w={props.width}>
        <form onSubmit={props.onSubmit} noValidate>
          <Stack>
            <Title order={1} size="h2">
              {props.title}
            </Title>
            {props.failure && (
              <Alert color="red" title={props.failureTitle} role="alert">
                {props.failure}
              </Alert>
            )}
            {props.children}
            <Text size="sm">
              {props.other.prompt}{' '}
              <Anchor component={Link} to={props.other.to}>
                {props.other.label}
              </Anchor>
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
