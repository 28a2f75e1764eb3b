import type { Mail } from '../mail/mailer';

/** Support asked a party of a dispute for an answer by a deadline: what the party is told by mail. */
export interface ResponseRequested {
  disputeId: string;
  party: 'BUYER' | 'SELLER';
  /** The asked party's account. */
  userId: string;
  responseDueAt: Date;
  /** Support's question, as the dispute page shows it. */
  message: string;
}

/**
 * The mail that tells the asked party: a dispute's deadline passes whether or not they are on the
 * site (support then decides with what it has). `link` opens the dispute where they answer; null
 * when the installation does not know its buyer app's address (STOREFRONT_URL).
 */
export function responseRequestedMail(notice: ResponseRequested, to: string, link: URL | null): Mail {
  const role = notice.party === 'BUYER' ? 'your purchase' : 'your sale';
  return {
    to,
    subject: 'CodeSale support needs your answer on a dispute',
    text: [
      `CodeSale support is reviewing a dispute about ${role} and asks you:`,
      '',
      notice.message,
      '',
      `Please answer by ${notice.responseDueAt.toUTCString()}. Without an answer by then, support decides with what it has.`,
      link ? `Answer here: ${link.href}` : 'Answer on the dispute page of your CodeSale account.',
      '',
      'You receive this mail because you are a party to the dispute. Nothing is decided yet.',
    ].join('\n'),
  };
}
