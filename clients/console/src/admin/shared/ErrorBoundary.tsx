import { Alert } from '@mantine/core';
import { Component, type ReactNode } from 'react';

/**
 * Keeps a failing part (a chart that cannot draw, a chunk that did not load) from taking the
 * whole page with it: the part is replaced by a plain message, the rest stays usable.
 */
export class ErrorBoundary extends Component<
  { what: string; children: ReactNode },
  { failure: Error | null }
> {
  override state: { failure: Error | null } = { failure: null };

  static getDerivedStateFromError(failure: Error) {
    return { failure };
  }

  override render() {
    if (!this.state.failure) return this.props.children;
    return (
      <Alert color="red" title={`Could not show ${this.props.what}`} role="alert">
        {this.state.failure.message}
      </Alert>
    );
  }
}
