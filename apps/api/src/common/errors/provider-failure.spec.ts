import { GrammyError } from 'grammy';
import twilio from 'twilio';
import { providerFailure } from './provider-failure.js';

/** A provider's refusal is logged by kind, status and code: never its message, which names the person concerned. */
describe('providerFailure', () => {
  it('keeps a Twilio refusal to its status and code, without the number it names', () => {
    const error = new twilio.RestException({
      statusCode: 400,
      body: JSON.stringify({ code: 21215, message: 'Account not authorized to call +15550105555.', more_info: 'https://www.twilio.com/docs/errors/21215' }),
    });
    expect(error.message).toContain('+15550105555'); // what would have been logged
    expect(providerFailure(error)).toBe('Error status 400 code 21215');
  });

  it('keeps an SMTP refusal to its response code, without the address', () => {
    const error = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <someone@example.org>: no such user"), {
      code: 'EENVELOPE',
      responseCode: 550,
      command: 'RCPT TO',
    });
    expect(providerFailure(error)).toBe('Error status 550 code EENVELOPE');
  });

  it('keeps a Bot API refusal to its error code, without the chat or its text', () => {
    const error = new GrammyError(
      'Call to sendMessage failed!',
      { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
      'sendMessage',
      {
        chat_id: 123456789,
        text: 'an alert',
      },
    );
    expect(providerFailure(error)).toBe('GrammyError status 403');
  });

  it('names a network failure by its cause', () => {
    const error = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' }) });
    expect(providerFailure(error)).toBe('TypeError cause ECONNREFUSED');
  });

  it('leaves out a code that is free text, and a name that is not a plain word', () => {
    expect(providerFailure(Object.assign(new Error('x'), { code: 'call +1 555 0100 refused', name: 'Refused for +15550100' }))).toBe('Error');
    expect(providerFailure('+15550100')).toBe('an error without details');
  });
});
