import type { ChannelCheck, ChannelSettings, TestMessageResult, ThreadChannel } from '@centinela/contracts';
import { type SubmitEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, describeError } from '../../shared/api/client';
import { useIdempotencyKeys } from '../../shared/api/idempotency';
import { Header } from '../../shared/ui/Header';
import { usePageTitle } from '../../shared/ui/page-title';

function Url({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  return (
    <div className="webhook-url">
      <span className="small muted">{label}</span>
      <code dir="ltr">{value}</code>
      <button type="button" onClick={() => void navigator.clipboard.writeText(value)}>
        {t('settings.copy')}
      </button>
    </div>
  );
}

function Verdict({ ok, detail }: { ok: boolean; detail: string }) {
  const { t } = useTranslation();
  return (
    <p className={ok ? 'ok' : 'error'} role="status" data-testid="check-result">
      {ok ? t('settings.ok') : t('settings.problem')}: <span dir="auto">{detail}</span>
    </p>
  );
}

/** The coordinator's channel setup: URLs to paste into Twilio and Telegram, checks through the SDKs, a test message and call. */
export function ChannelSettingsPage() {
  const { t } = useTranslation();
  usePageTitle(t('settings.title'));
  const [settings, setSettings] = useState<ChannelSettings | null>(null);
  const [check, setCheck] = useState<ChannelCheck | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [channel, setChannel] = useState<ThreadChannel>('sms');
  const [to, setTo] = useState('');
  const [result, setResult] = useState<TestMessageResult | null>(null);
  const [callResult, setCallResult] = useState<TestMessageResult | null>(null);
  const keys = useIdempotencyKeys();
  useEffect(() => void api<ChannelSettings>('GET', '/api/settings/channels').then(setSettings, (e: unknown) => setError(describeError(e))), []);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const checkNow = () => run(async () => setCheck(await api<ChannelCheck>('POST', '/api/settings/channels/check', {})));
  const setWebhook = () =>
    run(async () => {
      const telegram = await api<ChannelCheck['telegram']>('POST', '/api/settings/channels/telegram-webhook', {});
      setCheck((c) => ({ twilio: c?.twilio ?? null, telegram }));
    });
  const sendTest = (event: SubmitEvent) => {
    event.preventDefault();
    const body = { channel, to };
    return run(async () => {
      setResult(await api<TestMessageResult>('POST', '/api/settings/channels/test-message', body, { 'idempotency-key': keys.keyFor(body) }));
      keys.reset();
    });
  };

  const placeTestCall = () => {
    const body = { to };
    return run(async () => {
      setCallResult(await api<TestMessageResult>('POST', '/api/settings/channels/test-call', body, { 'idempotency-key': keys.keyFor(body) }));
      keys.reset();
    });
  };

  if (!settings) return <div className="page-loading" aria-busy={!error} />;
  const c = settings.channels;
  const anyOn = c.sms.enabled || c.whatsapp.enabled || c.telegram.enabled;
  const on = (['sms', 'whatsapp', 'telegram'] as const).filter((k) => c[k].enabled);
  return (
    <div className="zones-page">
      <Header />
      <main id="main" className="roster-page channel-settings" data-testid="channel-settings">
        <h1>{t('settings.title')}</h1>
        {!anyOn && (
          <p className="notice" role="status" data-testid="channels-off">
            {t('settings.off')}
          </p>
        )}
        <ul className="channel-states">
          <li>
            {t('channel.sms')}: {c.sms.enabled ? <span dir="ltr">{c.sms.number}</span> : t('settings.isOff')}
          </li>
          <li>
            {t('channel.whatsapp')}: {c.whatsapp.enabled ? <span dir="ltr">{c.whatsapp.number}</span> : t('settings.isOff')}
          </li>
          <li>
            {t('channel.telegram')}: {c.telegram.enabled ? t('settings.isOn') : t('settings.isOff')}
          </li>
          <li>
            {t('settings.email')}: {c.email.enabled ? t('settings.isOn') : t('settings.isOff')}
          </li>
        </ul>

        <h2>{t('settings.webhooks')}</h2>
        {settings.webhooks ? (
          <>
            <p className="small">{t('settings.twilioHelp')}</p>
            <Url label={t('settings.messagesUrl')} value={settings.webhooks.messages} />
            <Url label={t('settings.statusUrl')} value={settings.webhooks.status} />
            <Url label={t('settings.voiceUrl')} value={settings.webhooks.voice} />
            <p className="small">{t('settings.telegramHelp')}</p>
            <Url label={t('settings.telegramUrl')} value={settings.webhooks.telegram} />
          </>
        ) : (
          <p className="warning">{t('settings.noPublicUrl')}</p>
        )}

        <h2>{t('settings.checks')}</h2>
        <div className="row wrap">
          <button type="button" onClick={() => void checkNow()} disabled={busy || !anyOn} data-testid="check-channels">
            {t('settings.check')}
          </button>
          {c.telegram.enabled && settings.webhooks && (
            <button type="button" onClick={() => void setWebhook()} disabled={busy}>
              {t('settings.setTelegramWebhook')}
            </button>
          )}
        </div>
        {check?.twilio && (
          <div>
            <h3>Twilio</h3>
            <Verdict ok={check.twilio.ok} detail={check.twilio.detail} />
          </div>
        )}
        {check?.telegram && (
          <div>
            <h3>Telegram {check.telegram.username && <span dir="ltr">@{check.telegram.username}</span>}</h3>
            <Verdict ok={check.telegram.ok} detail={check.telegram.detail} />
            {check.telegram.lastError && <p className="small error">{check.telegram.lastError}</p>}
          </div>
        )}

        {on.length > 0 && (
          <form className="panel-form tight" onSubmit={(e) => void sendTest(e)}>
            <h2>{t('settings.testMessage')}</h2>
            <div className="row wrap">
              <label>
                {t('settings.channel')}
                <select value={channel} onChange={(e) => setChannel(e.target.value as ThreadChannel)}>
                  {on.map((k) => (
                    <option key={k} value={k}>
                      {t(`channel.${k}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {channel === 'telegram' ? t('settings.chatId') : t('settings.number')}
                <input
                  value={to}
                  onChange={(e) => setTo(e.target.value)}
                  dir="ltr"
                  inputMode="tel"
                  placeholder={channel === 'telegram' ? '123456789' : '+15551234567'}
                />
              </label>
            </div>
            <div className="row wrap">
              <button type="submit" className="primary" disabled={busy || to.trim() === ''}>
                {t('settings.send')}
              </button>
              {c.sms.enabled && channel !== 'telegram' && (
                <button type="button" onClick={() => void placeTestCall()} disabled={busy || to.trim() === ''} data-testid="test-call">
                  {t('settings.testCall')}
                </button>
              )}
            </div>
            {callResult && (
              <p role="status" className={callResult.status === 'failed' ? 'error' : 'ok'}>
                {t('settings.callStatus', { status: t(`threads.status.${callResult.status}`, { defaultValue: callResult.status }) })}
                {callResult.errorCode && ` (${callResult.errorCode})`}
              </p>
            )}
            {result && (
              <p role="status" className={result.status === 'failed' ? 'error' : 'ok'}>
                {t(`threads.status.${result.status}`, { defaultValue: result.status })}
                {result.errorCode && ` (${result.errorCode})`}
              </p>
            )}
          </form>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </main>
    </div>
  );
}
