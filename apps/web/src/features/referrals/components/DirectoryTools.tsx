import type { ErrorResponse, ReferralService } from '@centinela/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, describeError } from '../../../shared/api/client';
import { sessionStore } from '../../../shared/api/session-store';
import { FileField } from '../../../shared/ui/FileField';
import { ServiceCard } from './ServiceCard';

const authorized = () => ({ authorization: `Bearer ${sessionStore.get()?.accessToken ?? ''}` });

async function download(path: string, filename: string): Promise<void> {
  const response = await fetch(path, { headers: authorized() });
  if (!response.ok) throw new Error(response.statusText);
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}

/** Coordinators: entries due for re-verification, and sharing the directory in HSDS (import and export). */
export function DirectoryTools({ reload, onChanged }: { reload: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const [due, setDue] = useState<ReferralService[]>([]);
  /** What the last import did; `error`: why it did not (always in the page's language, never a parser's English). */
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  useEffect(() => void api<ReferralService[]>('GET', '/api/referrals/reverify').then(setDue), [reload]);

  const verify = async (id: string) => {
    await api('POST', `/api/referrals/services/${id}/verify`);
    onChanged();
  };
  const importFile = async (file: File) => {
    try {
      let summary: { created: number; updated: number };
      if (file.name.endsWith('.zip')) {
        const form = new FormData();
        form.append('package', file);
        const response = await fetch('/api/referrals/import.zip', { method: 'POST', body: form, headers: authorized() });
        const body = (await response.json().catch(() => null)) as unknown;
        if (!response.ok) throw ApiError.of(response.status, body as Partial<ErrorResponse> | null, response.statusText);
        summary = body as { created: number; updated: number };
      } else {
        let directory: unknown;
        try {
          directory = JSON.parse(await file.text());
        } catch {
          // The parser's words ("Unexpected token 'h', … is not valid JSON") are English and say nothing of what to do.
          setMessage({ text: t('referrals.importNotJson'), error: true });
          return;
        }
        summary = await api('POST', '/api/referrals/import', directory);
      }
      setMessage({ text: t('referrals.imported', { created: summary.created, updated: summary.updated }), error: false });
      onChanged();
    } catch (e) {
      // The server's refusal names the field; anything else (the file unreadable) gets a plain sentence.
      const why = e instanceof ApiError ? describeError(e) : t('referrals.importUnreadable');
      setMessage({ text: `${t('referrals.importFailed')} ${why}`, error: true });
    }
  };

  return (
    <section className="directory-tools" data-testid="directory-tools">
      <h2>{t('referrals.reverifyTitle', { count: due.length })}</h2>
      {due.length === 0 ? (
        <p className="muted small">{t('referrals.allVerified')}</p>
      ) : (
        <ul className="plain" data-testid="reverify-list">
          {due.map((s) => (
            <ServiceCard
              key={s.id}
              service={s}
              actions={
                <button type="button" onClick={() => void verify(s.id)}>
                  {t('referrals.verifiedToday')}
                </button>
              }
            />
          ))}
        </ul>
      )}
      <h2>{t('referrals.share')}</h2>
      <p className="small muted">{t('referrals.shareHint')}</p>
      <div className="row wrap">
        <button type="button" onClick={() => void download('/api/referrals/export.json', 'referrals-hsds.json')}>
          {t('referrals.exportJson')}
        </button>
        <button type="button" onClick={() => void download('/api/referrals/export.zip', 'referrals-hsds.zip')}>
          {t('referrals.exportZip')}
        </button>
        <FileField
          className="inline"
          label={t('referrals.import')}
          accept=".json,.zip,application/json,application/zip"
          onFile={(file) => void importFile(file)}
          testId="import-file"
        />
      </div>
      <p className={message?.error ? 'small error' : 'small'} role="status" data-testid="import-message">
        {message?.text}
      </p>
    </section>
  );
}
