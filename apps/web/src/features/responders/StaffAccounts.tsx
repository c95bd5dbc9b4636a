import type { StaffAccount } from '@centinela/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api/client';
import { useSession } from '../../shared/api/session';
import { TableScroll } from '../../shared/ui/TableScroll';
import { DeleteAccount } from './DeleteAccount';
import { type AccountRef, EndAccess } from './EndAccess';

/**
 * Dispatchers and coordinators, for a coordinator to end someone's access (a lost or seized phone) or delete their
 * account (they left). A coordinator does neither to themselves.
 */
export function StaffAccounts({ onDeleted }: { onDeleted: (account: AccountRef) => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const [staff, setStaff] = useState<StaffAccount[]>([]);
  const [openId, setOpenId] = useState<string | null>(null);
  useEffect(() => {
    void api<StaffAccount[]>('GET', '/api/users/staff').then(setStaff);
  }, []);
  const open = staff.find((s) => s.userId === openId);
  const deleted = (account: AccountRef) => {
    setStaff((prev) => prev.filter((s) => s.userId !== account.id));
    setOpenId(null);
    onDeleted(account);
  };

  return (
    <section data-testid="staff-accounts">
      <h2>{t('responders.staff.title')}</h2>
      <p className="small muted">{t('responders.staff.intro')}</p>
      <TableScroll label={t('responders.staff.title')}>
        <table className="roster-table">
          <thead>
            <tr>
              <th>{t('responders.staff.username')}</th>
              <th>{t('responders.staff.role')}</th>
              <th>{t('responders.staff.access')}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.userId} className={s.userId === openId ? 'selected' : ''} data-testid={`staff-${s.username}`}>
                <td>
                  {s.userId === session?.user.id ? (
                    <>
                      {s.username} <span className="muted">({t('responders.staff.you')})</span>
                    </>
                  ) : (
                    <button
                      type="button"
                      className="link row-button"
                      aria-expanded={s.userId === openId}
                      onClick={() => setOpenId(s.userId === openId ? null : s.userId)}
                    >
                      {s.username}
                    </button>
                  )}
                </td>
                <td>{t(`responders.staff.roles.${s.role}`)}</td>
                <td>
                  {s.disabledAt ? <span className="badge">{t('responders.staff.ended')}</span> : <span className="muted">{t('responders.staff.active')}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {open && (
        <>
          <EndAccess
            key={`end-${open.userId}`}
            account={{ id: open.userId, name: open.username }}
            ended={open.disabledAt !== null}
            onChange={(ended) =>
              setStaff((prev) => prev.map((s) => (s.userId === open.userId ? { ...s, disabledAt: ended ? new Date().toISOString() : null } : s)))
            }
          />
          <DeleteAccount key={`delete-${open.userId}`} account={{ id: open.userId, name: open.username }} onDeleted={deleted} />
        </>
      )}
    </section>
  );
}
