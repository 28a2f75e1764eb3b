import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useId } from 'react';

/**
 * Mantine's PasswordInput shows its description and error but does not tie them to the input (no
 * aria-describedby, no aria-invalid, unlike TextInput): a screen reader hears neither the rule nor
 * the refusal. This passes both, naming the elements by the ids Mantine gives them.
 */
export function PasswordField(props: PasswordInputProps) {
  const generatedId = useId();
  const id = props.id ?? generatedId;
  const describedBy = [
    props.description ? `${id}-description` : null,
    props.error ? `${id}-error` : null,
  ].filter((part) => part !== null);
  return (
    <PasswordInput
      {...props}
      id={id}
      aria-invalid={props.error ? true : undefined}
      aria-describedby={describedBy.length > 0 ? describedBy.join(' ') : undefined}
    />
  );
}
