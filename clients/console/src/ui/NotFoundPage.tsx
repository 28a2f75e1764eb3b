import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { homePath } from '../app/navigation';
import { useSession } from '../session/session-context';
import { NoAccessPage } from './NoAccessPage';

/**
 * An address no console page has (a typo, an old bookmark), in any area: said as such, with the way
 * home. Never a redirect, which under a nested route would resolve against the unknown address
 * itself. A buyer's account has no console pages: it gets the offer to start selling.
 */
export function NotFoundPage() {
  const { viewer, hasRole } = useSession();
  if (!hasRole('SELLER', 'SUPPORT', 'ADMIN')) return <NoAccessPage />;
  return (
    <Stack>
      <Title order={1}>Page not found</Title>
      <Text>No console page has this address. Use the navigation, or</Text>
      <Anchor component={Link} to={homePath(viewer?.roles ?? [])}>
        go to your first page
      </Anchor>
    </Stack>
  );
}
