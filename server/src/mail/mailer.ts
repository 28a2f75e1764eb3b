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
    const transport = this.transport;
    if (!transport) throw new Error('Mailer.sendLater without a transport: check Mailer.available first');
    const sending = transport.send(mail).then(
      () => {
        if (transport.delivers) this.log.info({ subject: mail.subject }, 'mail sent');
      },
      (error: unknown) => this.log.error({ err: error, subject: mail.subject }, 'mail not sent'),
    );
    this.pending.add(sending);
    void sending.finally(() => this.pending.delete(sending));
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
