import { ApolloLink } from '@apollo/client';
import { MockedProvider } from '@apollo/client/testing/react';
import type { CodesaleClient } from '@codesale/client-shared';
import { MantineProvider } from '@mantine/core';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Observable } from 'rxjs';
import { SessionProvider } from '../../session/session-context';
import { ReplyForm } from './ReplyForm';

/**
 * The reply form against a scripted transport: what matters is what it sends, and what the seller
 * reads when the API refuses the reply with one of postDisputeMessage's typed errors.
 */

interface SentReply {
  disputeId: string;
  message: string;
  attachments: string[];
}

type Answer = { code: string; message: string; field: string | null } | 'accepted';

function scriptedLink(sent: SentReply[], answers: Answer[]) {
  return new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        if (operation.operationName === 'Viewer') {
          observer.next({
            data: {
              me: {
                __typename: 'User',
                id: 'VXNlcjpzZWxsZXI',
                email: 'seller@example.test',
                displayName: 'Sam Seller',
                roles: ['BUYER', 'SELLER'],
              },
            },
          });
          observer.complete();
          return;
        }
        sent.push(operation.variables['input'] as SentReply);
        const answer = answers.shift() ?? 'accepted';
        observer.next({
          data: {
            postDisputeMessage: {
              __typename: 'PostDisputeMessagePayload',
              // The page reads the dispute from the cache; the form needs only the errors.
              dispute: null,
              errors: answer === 'accepted' ? [] : [{ __typename: 'PostDisputeMessageError', ...answer }],
            },
          },
        });
        observer.complete();
      }),
  );
}

const client = {
  refresher: { refresh: () => Promise.resolve('SIGNED_OUT'), now: () => 0 },
} as unknown as CodesaleClient;

function renderForm(answers: Answer[]) {
  const sent: SentReply[] = [];
  const onSent = jest.fn();
  render(
    <MantineProvider>
      <MockedProvider link={scriptedLink(sent, answers)}>
        <SessionProvider client={client}>
          <ReplyForm
            disputeId="RGlzcHV0ZTox"
            label="Your answer to support"
            description="Seen by support and the buyer."
            submitLabel="Send answer"
            onSent={onSent}
          />
        </SessionProvider>
      </MockedProvider>
    </MantineProvider>,
  );
  return { sent, onSent };
}

describe('ReplyForm', () => {
  it('given no text, when the seller sends, then nothing goes and the field says what to write', async () => {
    const { sent } = renderForm([]);
    await userEvent.click(screen.getByRole('button', { name: 'Send answer' }));
    expect(await screen.findByText('Write a reply of 1 to 5000 characters.')).toBeTruthy();
    expect(sent).toEqual([]);
  });

  it('given a reply, when the API accepts it, then it sent the trimmed text and the form is empty again', async () => {
    const { sent, onSent } = renderForm(['accepted']);
    const field = screen.getByRole('textbox', { name: /Your answer to support/ });
    await userEvent.type(field, '  The key was unused when delivered.  ');
    await userEvent.click(screen.getByRole('button', { name: 'Send answer' }));

    await waitFor(() => expect(onSent).toHaveBeenCalledTimes(1));
    expect(sent).toEqual([
      { disputeId: 'RGlzcHV0ZTox', message: 'The key was unused when delivered.', attachments: [] },
    ]);
    expect((field as HTMLTextAreaElement).value).toBe('');
  });

  it('given the dispute was decided meanwhile, then the seller reads that the reply was not sent, and why', async () => {
    const { onSent } = renderForm([
      {
        code: 'DISPUTE_CLOSED',
        message: 'This dispute was decided; its conversation is closed.',
        field: 'disputeId',
      },
    ]);
    const field = screen.getByRole('textbox', { name: /Your answer to support/ });
    await userEvent.type(field, 'Here is my side.');
    await userEvent.click(screen.getByRole('button', { name: 'Send answer' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'This dispute has been decided, so its conversation is closed: your reply was not sent.',
    );
    expect(onSent).not.toHaveBeenCalled();
    // What was written stays, to copy elsewhere.
    expect((field as HTMLTextAreaElement).value).toBe('Here is my side.');
  });

  it('given the API refuses the text, then the message field says so', async () => {
    renderForm([
      { code: 'INVALID_MESSAGE', message: 'A message is 1 to 5000 characters.', field: 'message' },
    ]);
    await userEvent.type(screen.getByRole('textbox', { name: /Your answer to support/ }), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Send answer' }));
    expect(await screen.findByText('Write a reply of 1 to 5000 characters.')).toBeTruthy();
  });
});
