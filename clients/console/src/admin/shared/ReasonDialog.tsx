import { Alert, Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState, type ReactNode } from 'react';
import { reasonMaxLength, validateReason } from './reason';
import { UserErrorsAlert, type UserErrorValue } from './UserErrorsAlert';

export interface ReasonDialogProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** What confirming will do, in words: the dialog is the confirmation. */
  children: ReactNode;
  confirmLabel: string;
  /** A filled colour dark enough for white text (AA): red.9 for what takes something away. */
  confirmColor?: string;
  /** Runs the action; resolves to the API's user errors (empty when it was done). */
  onConfirm: (reason: string) => Promise<readonly UserErrorValue[]>;
}

/**
 * Confirms an audited admin action and asks why. The dialog stays open with the API's refusal in it
 * when the action is refused, so nothing on the page behind it changes.
 */
export function ReasonDialog({
  opened,
  onClose,
  title,
  children,
  confirmLabel,
  confirmColor = 'red.9',
  onConfirm,
}: ReasonDialogProps) {
  const [submitting, setSubmitting] = useState(false);
  const [refusal, setRefusal] = useState<readonly UserErrorValue[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm({
    initialValues: { reason: '' },
    validate: { reason: validateReason },
  });

  const close = () => {
    if (submitting) return;
    form.reset();
    setRefusal([]);
    setFailure(null);
    onClose();
  };

  const submit = form.onSubmit(async ({ reason }) => {
    setSubmitting(true);
    setRefusal([]);
    setFailure(null);
    try {
      const errors = await onConfirm(reason.trim());
      if (errors.length > 0) {
        setRefusal(errors);
        return;
      }
      form.reset();
      onClose();
    } catch (error) {
      setFailure(error instanceof Error ? error.message : 'The request failed; try again.');
    } finally {
      setSubmitting(false);
    }
  });

  return (
    <Modal opened={opened} onClose={close} title={title} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {children}
          <UserErrorsAlert errors={refusal} />
          {failure && (
            <Alert color="red" title="The request failed: nothing was changed" role="alert">
              {failure}
            </Alert>
          )}
          <Textarea
            label="Reason"
            description={`Recorded in the audit log. 3 to ${reasonMaxLength} characters.`}
            required
            autosize
            minRows={2}
            maxLength={reasonMaxLength}
            data-autofocus
            {...form.getInputProps('reason')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close} disabled={submitting}>
              Cancel
            </Button>
            <Button type="submit" color={confirmColor} loading={submitting}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
