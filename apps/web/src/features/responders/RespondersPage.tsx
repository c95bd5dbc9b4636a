import type { Invite, Responder } from '@centinela/contracts';
import { type SubmitEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../shared/i18n/format';
import { api, describeError } from '../../shared/api/client';
import { useLiveEvent, useLiveSocket } from '../../shared/socket/live';
import { Header } from '../../shared/ui/Header';
import { TableScroll } from '../../shared/ui/TableScroll';
import { usePageTitle } from '../../shared/ui/page-title';
import { useZones } from '../zones/useZones';
import { DeleteAccount } from './DeleteAccount';
import { type AccountRef, EndAccess } from './EndAccess';
import { languageList, ProfileFields, type ProfileValue, ResponderEditor } from './ResponderEditor';
import { StaffAccounts } from './StaffAccounts';

/**
 * The coordinator's roster: who is on duty where, profiles and zones, invites for new responders, and the accounts of
 * responders and staff (ending access, deleting).
 */
export function RespondersPage() {
  const { t } = useTranslation();
  usePageTitle(t('responders.title'));
  const { socket, status } = useLiveSocket();
  const { zones } = useZones(socket);
  const [responders, setResponders] = useState<Responder[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [inviting, setInviting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    void api<Responder[]>('GET', '/api/responders').then(setResponders);
  }, []);
  const upsert = (r: Responder) => setResponders((prev) => (prev.some((p) => p.id === r.id) ? prev.map((p) => (p.id === r.id ? r : p)) : [...prev, r]));
  useLiveEvent(socket, 'responder.updated', upsert);
  useLiveEvent(socket, 'responder.removed', ({ id }) => setResponders((prev) => prev.filter((p) => p.id !== id)));
  const deleted = (account: AccountRef) => {
    setResponders((prev) => prev.filter((p) => p.id !== account.id));
    setSelectedId(null);
    setNotice(t('responders.deleteAccount.done', { name: account.name }));
  };
  useLiveEvent(socket, 'responders.moved', (moves) =>
    setResponders((prev) => {
      const latest = new Map(moves.map((m) => [m.responderId, m.location]));
      return prev.map((p) => (latest.has(p.id) ? { ...p, location: latest.get(p.id) ?? null } : p));
    }),
  );
  const zoneName = (id: string) => zones.find((z) => z.id === id)?.name ?? '—';
  const onDuty = responders.filter((r) => r.onDuty).length;
  const selected = responders.find((r) => r.id === selectedId);

  return (
    <div className="zones-page">
      <Header status={status} />
      <main id="main" className="roster-page">
        <div className="row between">
          <h1>{t('responders.title')}</h1>
          <span className="muted">{t('responders.onDutyCount', { count: onDuty, total: responders.length })}</span>
          <button type="button" className="primary" onClick={() => setInviting(!inviting)} data-testid="invite-open">
            {t('responders.invite')}
          </button>
        </div>
        {notice && (
          <p role="status" className="card" data-testid="account-notice">
            {notice}
          </p>
        )}
        {inviting && <InviteForm zones={zones} />}
        <TableScroll label={t('responders.title')}>
          <table className="roster-table">
            <thead>
              <tr>
                <th>{t('responders.alias')}</th>
                <th>{t('responders.duty')}</th>
                <th>{t('responders.capabilities')}</th>
                <th>{t('responders.travelMode')}</th>
                <th>{t('responders.zones')}</th>
                <th>{t('responders.where')}</th>
              </tr>
            </thead>
            <tbody>
              {responders.map((r) => (
                <tr
                  key={r.id}
                  className={r.id === selectedId ? 'selected' : ''}
                  onClick={() => setSelectedId(r.id === selectedId ? null : r.id)}
                  data-testid={`responder-${r.alias}`}
                >
                  <td>
                    {/* The row's button: reachable by Tab, opens the editor with Enter or Space. */}
                    <button
                      type="button"
                      className="link row-button"
                      aria-expanded={r.id === selectedId}
                      onClick={(e) => {
                        e.stopPropagation();
                        setSelectedId(r.id === selectedId ? null : r.id);
                      }}
                    >
                      {r.alias}
                    </button>
                  </td>
                  <td>
                    {r.accessEnded ? (
                      <span className="badge">{t('responders.staff.ended')}</span>
                    ) : r.onDuty ? (
                      <span className="badge on-duty">{t('respond.onDuty')}</span>
                    ) : (
                      <span className="muted">{t('respond.offDuty')}</span>
                    )}
                  </td>
                  <td>{r.capabilities.map((c) => t(`capability.${c}`)).join(', ')}</td>
                  <td>{t(`travelMode.${r.travelMode}`)}</td>
                  <td>{r.zoneIds.map(zoneName).join(', ')}</td>
                  <td className="small">{r.location ? r.location.zoneIds.map(zoneName).join(', ') || t('responders.outsideZones') : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        {selected && <ResponderEditor responder={selected} zones={zones} onSaved={upsert} />}
        {selected && (
          <EndAccess
            key={selected.id}
            account={{ id: selected.id, name: selected.alias }}
            ended={selected.accessEnded}
            onChange={(ended) => upsert({ ...selected, accessEnded: ended, onDuty: ended ? false : selected.onDuty })}
          />
        )}
        {selected && <DeleteAccount key={`delete-${selected.id}`} account={{ id: selected.id, name: selected.alias }} onDeleted={deleted} />}
        <StaffAccounts onDeleted={(account) => setNotice(t('responders.deleteAccount.done', { name: account.name }))} />
      </main>
    </div>
  );
}

function InviteForm({ zones }: { zones: Parameters<typeof ProfileFields>[0]['zones'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [value, setValue] = useState<ProfileValue>({ alias: '', capabilities: ['verifier'], languages: '', travelMode: 'walk', zoneIds: [] });
  const [invite, setInvite] = useState<Invite | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(null);
    try {
      setInvite(await api<Invite>('POST', '/api/invites', { ...value, languages: languageList(value.languages) }));
    } catch (e) {
      setError(describeError(e));
    }
  };
  if (invite) {
    const link = `${location.origin}${invite.path}`;
    return (
      <section className="card" data-testid="invite-link">
        <p>{t('responders.inviteReady', { alias: invite.alias, date: format.dateTime(invite.expiresAt) })}</p>
        <input readOnly value={link} onFocus={(e) => e.target.select()} />
        <p className="small muted">{t('responders.inviteOnce')}</p>
        <button type="button" onClick={() => void ('clipboard' in navigator ? navigator.clipboard.writeText(link) : Promise.resolve())}>
          {t('responders.copy')}
        </button>
      </section>
    );
  }
  return (
    <form className="card panel-form" onSubmit={(e) => void submit(e)} data-testid="invite-form">
      <ProfileFields value={value} zones={zones} onChange={setValue} />
      {error && <p className="error">{error}</p>}
      <button type="submit" className="primary">
        {t('responders.makeInvite')}
      </button>
    </form>
  );
}
