/** A mutation's typed user error, whatever the mutation (every payload's errors share this shape). */
export interface UserErrorView {
  code: string;
  message: string;
  field?: string | null;
}

/** Someone else's change reached the dispute first: nothing was done (optimistic concurrency). */
export const stateChangedCode = 'DISPUTE_STATE_CHANGED';

export function conflictIn(errors: readonly UserErrorView[]): UserErrorView | undefined {
  return errors.find((error) => error.code === stateChangedCode);
}
