import 'server-only';
import nodemailer from 'nodemailer';
import { getConfig, type AppConfig } from '@/lib/config/env';
import { storeInDevMailbox } from './dev-mailbox';
import { ZEmailMessage, type TEmailMessage } from './message';

export type EmailDelivery = { transport: 'smtp' | 'dev-mailbox'; id: string };

type Transporter = ReturnType<typeof nodemailer.createTransport>;

// One pooled SMTP connection set per process, on globalThis for the reasons given in
// src/lib/db/process-singleton.ts.
const store = globalThis as typeof globalThis & { __openpracticeSmtp?: { url: string; transporter: Transporter } };

const smtpTransport = (url: string): Transporter => {
  if (store.__openpracticeSmtp?.url !== url) {
    store.__openpracticeSmtp = { url, transporter: nodemailer.createTransport(url) };
  }
  return store.__openpracticeSmtp.transporter;
};

/**
 * Sends an e-mail: through SMTP when `SMTP_URL` is set, otherwise into the development mailbox.
 * Messages must carry no clinical detail (DESIGN §6): callers write what a stranger reading the
 * recipient's inbox may see.
 */
export const sendEmail = async (
  message: TEmailMessage,
  config: Pick<AppConfig, 'email' | 'dataDir'> = getConfig(),
): Promise<EmailDelivery> => {
  const valid = ZEmailMessage.parse(message);
  if (config.email.smtpUrl === undefined) {
    const stored = await storeInDevMailbox(config.dataDir, config.email.from, valid);
    return { transport: 'dev-mailbox', id: stored.id };
  }
  const info = (await smtpTransport(config.email.smtpUrl).sendMail({
    from: config.email.from,
    to: valid.to,
    subject: valid.subject,
    text: valid.text,
    html: valid.html,
    attachments: valid.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
  })) as { messageId: string };
  return { transport: 'smtp', id: info.messageId };
};
