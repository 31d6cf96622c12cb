/**
 * SMS (短信) through a provider: the development sink of the embedded default, which keeps each message in
 * a file under the data folder, or an HTTP gateway configured by the environment (SMS_GATEWAY_URL,
 * SMS_GATEWAY_TOKEN). The log says that a message went and under which key, never to whom or what.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from './logger';

export interface SmsMessage {
  /** The citizen's phone number. */
  to: string;
  text: string;
  /** The same for a message sent again (a retried delivery): the gateway drops the repeat. */
  idempotencyKey: string;
  /** The template it was made from, for the log. */
  template: string;
}

export interface SmsProvider {
  /** Resolves once the gateway has taken the message; rejects (to be retried) otherwise. */
  send(message: SmsMessage): Promise<void>;
}

const logged = (m: SmsMessage) => ({ idempotencyKey: m.idempotencyKey, template: m.template, chars: m.text.length });

/** The development sink: one JSON line per message in `file`, and a line without the message in the log. */
export function smsFileSink(file: string, log: Logger): SmsProvider {
  return {
    async send(message) {
      await mkdir(dirname(file), { recursive: true });
      await appendFile(file, `${JSON.stringify({ at: new Date().toISOString(), ...message })}\n`);
      log.info({ sms: logged(message), sink: file }, 'sms written to the development sink');
    },
  };
}

/**
 * A gateway taking `POST {to, text, id}` as JSON with a bearer token, answering 2xx once it has the message.
 * The answer's body is not read into errors: a gateway may quote the number.
 */
export function smsHttpGateway(url: string, token: string, log: Logger, timeoutMs = 10_000): SmsProvider {
  return {
    async send(message) {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'idempotency-key': message.idempotencyKey,
        },
        body: JSON.stringify({ to: message.to, text: message.text, id: message.idempotencyKey }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.body?.cancel();
      if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
      log.info({ sms: logged(message) }, 'sms sent');
    },
  };
}
