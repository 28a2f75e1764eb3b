import { Stack, Text, Title } from '@mantine/core';
import { AnchorLink } from '../components/links';

export default function NotFound() {
  return (
    <Stack gap="sm">
      <Title order={1}>Not found</Title>
      <Text>This page does not exist, or the listing is no longer on sale.</Text>
      <AnchorLink href="/">Browse the catalog</AnchorLink>
    </Stack>
  );
}
