import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** One labelled fact of a description list (`<dl>`): a dispute's summary, an order in the look-up. */
export function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text component="dt" size="xs" c="gray.7" fw={600}>
        {label}
      </Text>
      <Text component="dd" m={0} size="sm" data-testid={testId}>
        {children}
      </Text>
    </div>
  );
}
