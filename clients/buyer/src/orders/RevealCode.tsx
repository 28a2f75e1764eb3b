'use client';

import { useMutation } from '@apollo/client/react';
import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { formatDateTime } from '../wallet/format';
import { RevealCodeMutation } from './orders.documents';

/**
 * Reveals the purchased code on request (every reveal is recorded, and that record is evidence in
 * a dispute), then offers to copy it. The code lives in this component's state only.
 */
export function RevealCode({ orderId, revealedBefore }: { orderId: string; revealedBefore: string | null }) {
  const [code, setCode] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copyTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(copyTimer.current ?? undefined), []);
  // The Reveal button goes when the code shows: the keyboard and screen readers land on the code.
  const revealed = useRef<HTMLElement>(null);
  const shown = code !== null;
  useEffect(() => {
    if (shown) revealed.current?.focus();
  }, [shown]);

  const copy = () => {
    if (code === null) return;
    // Only secure contexts (https, localhost) have the clipboard API.
    if (!navigator.clipboard) {
      setCopyState('failed');
      return;
    }
    navigator.clipboard.writeText(code).then(
      () => {
        setCopyState('copied');
        clearTimeout(copyTimer.current ?? undefined);
        copyTimer.current = setTimeout(() => setCopyState('idle'), 4000);
      },
      () => setCopyState('failed'),
    );
  };
  const [reveal, revealing] = useMutation(RevealCodeMutation);

  const onReveal = async () => {
    setProblem(null);
    try {
      const result = await reveal({ variables: { input: { orderId } } });
      const payload = result.data?.revealCode;
      const [error] = payload?.errors ?? [];
      if (error) setProblem(error.message);
      else if (payload?.code) setCode(payload.code);
      else setProblem('The code could not be shown. Try again.');
    } catch {
      setProblem('We could not reach CodeSale. Try again.');
    }
  };

  return (
    <Stack gap="sm">
      <Text size="sm" data-testid="reveal-note">
        {code !== null
          ? 'This reveal was recorded with its time; support uses the record if there is a dispute.'
          : revealedBefore
            ? `You revealed it on ${formatDateTime(revealedBefore)}. Every reveal is recorded with its time; support uses the record if there is a dispute.`
            : 'Every reveal of the code is recorded with its time; support uses the record if there is a dispute. Reveal it when you are ready to redeem it.'}
      </Text>
      {code === null ? (
        <Button onClick={() => void onReveal()} loading={revealing.loading} style={{ alignSelf: 'start' }}>
          Reveal the code
        </Button>
      ) : (
        <Group gap="sm" align="center">
          {/* Its text is what is read on focus: no label instead of it (the section's heading is "Your code"). */}
          <Code fz="lg" p="sm" data-testid="revealed-code" ref={revealed} tabIndex={-1}>
            {code}
          </Code>
          <Button variant="default" onClick={copy}>
            {copyState === 'copied' ? 'Copied' : 'Copy'}
          </Button>
        </Group>
      )}
      {problem && (
        <Alert color="red" title="The code could not be revealed">
          {problem}
        </Alert>
      )}
      <Text size="sm" role="status" data-testid="copy-status">
        {copyState === 'copied'
          ? 'Code copied to the clipboard.'
          : copyState === 'failed'
            ? 'Your browser did not allow copying: select the code and copy it.'
            : ''}
      </Text>
    </Stack>
  );
}
