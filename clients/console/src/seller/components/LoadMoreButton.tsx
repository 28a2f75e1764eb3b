import { Button, Center } from '@mantine/core';

/** The next page of a cursor connection; the button names what it loads. */
export function LoadMoreButton({
  hasNextPage,
  loading,
  onLoadMore,
  label,
}: {
  hasNextPage: boolean;
  loading: boolean;
  onLoadMore: () => void;
  label: string;
}) {
  if (!hasNextPage) return null;
  return (
    <Center>
      <Button variant="default" loading={loading} onClick={onLoadMore}>
        {label}
      </Button>
    </Center>
  );
}
