import { type KeyboardEvent, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

const SHORTCUTS = ['/', 'j', 'k', 'v', 'c', 'f', 'm', 'Escape', '?'] as const;

/**
 * The dispatch console's keyboard shortcuts (`?`, or the "Shortcuts" button), as a modal dialog over the page: in view
 * wherever it is opened from (under a long incident drawer the list used to open off screen), focus inside it, Esc or
 * `?` closes it and focus goes back where it was. While it is open the console's own keys do nothing (Esc here must not
 * also close the incident).
 */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    else if (!open && dialog.open) dialog.close();
  }, [open]);

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    // The dialog's keys are its own: the page's shortcuts listen on the window.
    event.stopPropagation();
    if (event.key === '?') {
      event.preventDefault();
      onClose();
    }
  };

  return (
    <dialog ref={ref} className="shortcuts-dialog" aria-labelledby={titleId} onClose={onClose} onKeyDown={onKeyDown} data-testid="shortcuts-dialog">
      <h2 id={titleId}>{t('triage.shortcutsTitle')}</h2>
      <dl className="shortcuts" data-testid="shortcuts">
        {SHORTCUTS.map((key) => (
          <div key={key}>
            <dt>
              <kbd>{key === 'Escape' ? 'Esc' : key}</kbd>
            </dt>
            <dd>{t(`triage.key.${key === '/' ? 'search' : key}`)}</dd>
          </div>
        ))}
      </dl>
      <div className="row dialog-actions">
        <button type="button" onClick={onClose} autoFocus>
          {t('common.close')}
        </button>
      </div>
    </dialog>
  );
}
