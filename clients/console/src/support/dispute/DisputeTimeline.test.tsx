import { screen } from '@testing-library/react';
import { renderWithMantine } from '../../admin/shared/render-with-mantine';
import type { DisputeDetailFragment } from '../../gql/graphql';
import { formatDateTime } from '../../ui/date-time';
import { DisputeTimeline } from './DisputeTimeline';

type TimelineEvent = DisputeDetailFragment['timeline'][number];

const due = '2026-12-01T06:54:56.685Z';

const timeline = [
  {
    __typename: 'DisputeEvent',
    version: 1,
    action: 'OPEN',
    actorKind: 'BUYER',
    actor: { __typename: 'User', id: 'VXNlcjox', displayName: 'Bea Buyer' },
    fromState: null,
    toState: 'OPEN',
    note: 'INVALID_CODE: The code says it is invalid.',
    createdAt: '2026-11-28T10:00:00.000Z',
  },
  {
    __typename: 'DisputeEvent',
    version: 2,
    action: 'REQUEST_RESPONSE',
    actorKind: 'SUPPORT',
    actor: { __typename: 'User', id: 'VXNlcjoy', displayName: 'Sam Support' },
    fromState: 'UNDER_REVIEW',
    toState: 'NEEDS_RESPONSE',
    note: `Response requested from the buyer by ${due}: x`,
    createdAt: '2026-11-29T06:54:56.685Z',
  },
] as unknown as TimelineEvent[];

describe('DisputeTimeline', () => {
  it('writes a deadline inside a note as the console writes dates, its ISO value on a <time>', () => {
    renderWithMantine(<DisputeTimeline timeline={timeline} />);
    const notes = screen.getAllByTestId('timeline-note');
    expect(notes[1]!.textContent).toBe(`Response requested from the buyer by ${formatDateTime(due)}: x`);
    expect(notes[1]!.querySelector('time')?.getAttribute('datetime')).toBe(due);
    expect(notes[0]!.textContent).toBe('Invalid code: The code says it is invalid.');
  });

  it('shows staff no version number, and keeps each version on its event for the app', () => {
    renderWithMantine(<DisputeTimeline timeline={timeline} />);
    const list = screen.getByTestId('dispute-timeline');
    expect(list.textContent).not.toMatch(/version/i);
    expect(
      Array.from(list.querySelectorAll('[data-version]')).map((item) => item.getAttribute('data-version')),
    ).toEqual(['1', '2']);
    expect(list.textContent).toContain('Sam Support (Support)');
  });
});
