import { Alert, List } from '@mantine/core';

export interface UserErrorValue {
  code: string;
  message: string;
  field?: string | null;
}

/**
 * A mutation's user errors, worded by the server, shown as they are: they say which rule was broken
 * and are safe to show. An announced alert, so a screen reader hears the refusal.
 */
export function UserErrorsAlert({ title, errors }: { title: string; errors: readonly UserErrorValue[] }) {
  if (errors.length === 0) return null;
  return (
    <Alert color="red" title={title} role="alert" variant="light">
      {errors.length === 1 ? (
        errors[0]?.message
      ) : (
        <List size="sm">
          {errors.map((error) => (
            <List.Item key={`${error.code}:${error.field ?? ''}:${error.message}`}>{error.message}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
