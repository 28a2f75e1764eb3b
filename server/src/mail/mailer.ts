import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../config';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends mails apart from the request that asked for one: `sendLater` returns at once, so an answer
 * takes as long whether or not a mail went out (a reset request does not tell, by its timing, that
 * an account exists), and a slow mail server holds no request. A failed send is logged, not
 * retried: what asked for the mail can be asked again. `idle()` resolves once every mail handed
 * over so far has been sent or has failed (shutdown, and tests).
 */
export class Mailer {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly transport: MailTransport | null,
    private readonly log: Logger,
  ) {}

  /** False when this installation sends no mail (production without SMTP_URL). */
  get available(): boolean {
    return this.transport !== null;
  }

  sendLater(mail: Mail): void {
    this.track(this.send(mail));
  }

  /**
   * Composes a mail apart from the request, then sends it: `compose` (the work that decides whether
   * there is a mail at all, such as finding an account) runs after this returns, so a request that
   * may or may not lead to a mail answers in the same time either way. It resolves to null for no
   * mail. A failure is logged, like a failed send; `idle()` waits for the composing too.
   */
  composeLater(purpose: string, compose: () => Promise<Mail | null>): void {
    if (!this.transport)
      throw new Error('Mailer.composeLater without a transport: check Mailer.available first');
    this.track(
      Promise.resolve()
        .then(compose)
        .then(
          (mail) => (mail ? this.send(mail) : undefined),
          (error: unknown) => this.log.error({ err: error, purpose }, 'mail not composed'),
        ),
    );
  }

  private send(mail: Mail): Promise<void> {
    const transport = this.transport;
    if (!transport) throw new Error('Mailer.sendLater without a transport: check Mailer.available first');
    return transport.send(mail).then(
      () => {
        if (transport.delivers) this.log.info({ subject: mail.subject }, 'mail sent');
      },
      (error: unknown) => this.log.error({ err: error, subject: mail.subject }, 'mail not sent'),
    );
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  async close(): Promise<void> {
    await this.idle();
    this.transport?.close();
  }
}

export interface MailTransport {
  /** False for the log, which only writes the mail down. */
  readonly delivers: boolean;
  send(mail: Mail): Promise<void>;
  close(): void;
}

/**
 * Development without SMTP_URL: each mail is written to the log, whole, so its link can be followed
 * from the terminal. Refused in production (config.ts).
 */
class LogTransport implements MailTransport {
  readonly delivers = false;

  constructor(private readonly log: Logger) {}

  async send(mail: Mail): Promise<void> {
    this.log.info(
      { to: mail.to },
      `mail not sent (no SMTP_URL: development writes it here)\nSubject: ${mail.subject}\n\n${mail.text}`,
    );
  }

  close(): void {}
}

class SmtpTransport implements MailTransport {
  readonly delivers = true;
  private readonly transporter;

  constructor(url: string, from: string) {
    this.transporter = nodemailer.createTransport(url, { from });
  }

  async send(mail: Mail): Promise<void> {
    await this.transporter.sendMail({ to: mail.to, subject: mail.subject, text: mail.text });
  }

  close(): void {
    this.transporter.close();
  }
}

export function createMailer(config: Config['mail'], log: Logger): Mailer {
  const transport =
    config.transport === 'smtp' && config.smtpUrl
      ? new SmtpTransport(config.smtpUrl, config.from)
      : config.transport === 'log'
        ? new LogTransport(log)
        : null;
  return new Mailer(transport, log);
}
