/** Stub providers for tests: Twilio, the Telegram Bot API, an SMTP sink. */
export { Recorder, type WebhookTarget } from './recorder.js';
export { SmtpSink, startSmtpSink, type ReceivedMail } from './smtp-sink.js';
export { startTelegramStub, TelegramStub, type TelegramCall, type TelegramSent } from './telegram-stub.js';
export { startTwilioStub, TwilioStub, type TwilioRequest, type TwilioSent, type WebhookResponse } from './twilio-stub.js';
