'use client';

import { Anchor, Button, type AnchorProps, type ButtonProps } from '@mantine/core';
import Link from 'next/link';
import type { ReactNode } from 'react';

/**
 * Mantine's Anchor and Button rendered as Next links. Client components: a server component
 * cannot pass `component={Link}` (a function) across to Mantine's client components.
 */
export function AnchorLink({
  href,
  children,
  prefetch,
  ...props
}: AnchorProps & { href: string; children: ReactNode; prefetch?: boolean; 'aria-current'?: 'page' }) {
  return (
    <Anchor component={Link} href={href} prefetch={prefetch} {...props}>
      {children}
    </Anchor>
  );
}

export function ButtonLink({
  href,
  children,
  prefetch,
  ...props
}: ButtonProps & { href: string; children: ReactNode; prefetch?: boolean; rel?: string }) {
  return (
    <Button component={Link} href={href} prefetch={prefetch} {...props}>
      {children}
    </Button>
  );
}
