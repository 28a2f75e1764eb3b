import { Button, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { RiskTier } from '../../gql/graphql';
import { DateTime } from '../../ui/DateTime';
import { reasonMaxLength, validateReason } from '../shared/reason';
import { UserErrorsAlert, type UserErrorValue } from '../shared/UserErrorsAlert';
import {
  earliestOverrideExpiry,
  expiryAfterDays,
  latestOverrideExpiry,
  parseDateTimeLocalValue,
  toDateTimeLocalValue,
  validateOverrideExpiry,
} from './override-expiry';
import { riskTiers } from './risk-tiers';

export interface OverrideTierValues {
  tier: RiskTier;
  /** ISO 8601 instant. */
  expiresAt: string;
  reason: string;
}

const presets = [
  { label: '7 days', days: 7 },
  { label: '30 days', days: 30 },
  { label: '90 days', days: 90 },
  { label: '1 year', days: 365 },
];

const formFields = new Set(['tier', 'expiresAt', 'reason']);

/**
 * Sets the tier in force until an end within a year, whatever the score. The limits are checked
 * here against the clock at submission, and again by the server, whose refusal is shown as it came.
 * BANNED revokes every session and stops every transaction: it is sent only once confirmed, as
 * clearing an override is.
 */
export function OverrideTierForm({
  currentTier,
  onSubmit,
  now = () => new Date(),
}: {
  currentTier: RiskTier;
  onSubmit: (values: OverrideTierValues) => Promise<readonly UserErrorValue[]>;
  now?: () => Date;
}) {
  const [refusal, setRefusal] = useState<readonly UserErrorValue[]>([]);
  const [submitting, setSubmitting] = useState(false);
  // The BANNED override awaiting confirmation; kept while the dialog fades out, so its text stays.
  const [banToConfirm, setBanToConfirm] = useState<OverrideTierValues | null>(null);
  const [confirmingBan, setConfirmingBan] = useState(false);
  const form = useForm({
    initialValues: {
      tier: (currentTier === 'NORMAL' ? 'RESTRICTED' : 'NORMAL') as RiskTier,
      expiresAt: toDateTimeLocalValue(expiryAfterDays(now(), 30)),
      reason: '',
    },
    validate: {
      tier: (value) => (riskTiers.some((tier) => tier.value === value) ? null : 'Choose a tier.'),
      expiresAt: (value) => validateOverrideExpiry(value, now()),
      reason: validateReason,
    },
  });

  const send = async (override: OverrideTierValues) => {
    setSubmitting(true);
    setRefusal([]);
    try {
      const errors = await onSubmit(override);
      setRefusal(errors);
      for (const error of errors) {
        if (error.field && formFields.has(error.field)) form.setFieldError(error.field, error.message);
      }
      if (errors.length === 0) form.setFieldValue('reason', '');
    } finally {
      setSubmitting(false);
    }
  };

  const submit = form.onSubmit(async (values) => {
    const expiresAt = parseDateTimeLocalValue(values.expiresAt);
    if (!expiresAt) return;
    const override = { tier: values.tier, expiresAt: expiresAt.toISOString(), reason: values.reason.trim() };
    if (override.tier === 'BANNED') {
      setBanToConfirm(override);
      setConfirmingBan(true);
    } else {
      await send(override);
    }
  });

  const confirmBan = () => {
    setConfirmingBan(false);
    if (banToConfirm) void send(banToConfirm);
  };

  const clock = now();
  return (
    <>
      <form onSubmit={submit} noValidate aria-label="Override the risk tier">
        <Stack>
          <UserErrorsAlert errors={refusal} />
          <Select
            label="Tier in force"
            data={riskTiers.map(({ value, label }) => ({ value, label }))}
            allowDeselect={false}
            required
            {...form.getInputProps('tier')}
          />
          <TextInput
            type="datetime-local"
            label="Ends at (your local time)"
            description="In the future, at most a year from now. The computed tier is in force again after it."
            required
            min={toDateTimeLocalValue(earliestOverrideExpiry(clock))}
            max={toDateTimeLocalValue(latestOverrideExpiry(clock))}
            {...form.getInputProps('expiresAt')}
          />
          <Group gap="xs" role="group" aria-label="End after">
            <Text size="sm">End after:</Text>
            {presets.map((preset) => (
              <Button
                key={preset.days}
                size="compact-sm"
                variant="default"
                onClick={() =>
                  form.setFieldValue('expiresAt', toDateTimeLocalValue(expiryAfterDays(now(), preset.days)))
                }
              >
                {preset.label}
              </Button>
            ))}
          </Group>
          <Textarea
            label="Reason"
            description={`Recorded in the audit log and the tier history. 3 to ${reasonMaxLength} characters.`}
            required
            autosize
            minRows={2}
            maxLength={reasonMaxLength}
            {...form.getInputProps('reason')}
          />
          <Group>
            <Button type="submit" loading={submitting}>
              Override tier
            </Button>
          </Group>
        </Stack>
      </form>
      <Modal
        opened={confirmingBan}
        onClose={() => setConfirmingBan(false)}
        title="Ban this user?"
        centered
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        <Stack>
          <Text size="sm">
            Until <DateTime value={banToConfirm?.expiresAt} />, whatever their score, they can make no
            transaction of any kind, and every session they have is revoked now.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmingBan(false)}>
              Cancel
            </Button>
            <Button color="red.9" onClick={confirmBan}>
              Ban user
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
