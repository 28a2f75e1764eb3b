import { Alert, List } from '@mantine/core';

export interface UserErrorValue {
  code: string;
  message: string;
  field?: string | null;
}

/**
 * The API's refusal of an action, shown as it came: each rule broken, its code and the field at
 * fault. A refused action changed nothing, and the alert says so.
 */
export function UserErrorsAlert({
  errors,
  title = 'Refused: nothing was changed',
}: {
  errors: readonly UserErrorValue[];
  title?: string;
}) {
  if (errors.length === 0) return null;
  return (
    <Alert color="red" title={title} role="alert">
      <List size="sm">
        {errors.map((error) => (
          <List.Item key={`${error.code}:${error.field ?? ''}`}>
            {error.message} ({error.code}
            {error.field ? `, field ${error.field}` : ''})
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
