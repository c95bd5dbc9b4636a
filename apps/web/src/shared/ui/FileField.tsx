import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type Props = {
  label: ReactNode;
  accept: string;
  onFile: (file: File) => void;
  /** The file chosen and still to be sent (a form's photo); omitted where a file is sent as soon as it is chosen. */
  chosen?: File | null;
  capture?: 'environment' | 'user';
  disabled?: boolean;
  name?: string;
  className?: string;
  testId?: string;
};

/**
 * A file input that speaks the page's language: the browser's own button and "No file chosen" follow the
 * browser's language, not the one chosen in Centinela. The input stays in the label (so the label, the keyboard and
 * screen readers reach it) but is drawn as the app's button and the chosen file's name.
 */
export function FileField({ label, accept, onFile, chosen, capture, disabled = false, name, className, testId }: Props) {
  const { t } = useTranslation();
  return (
    <label className={['file-field', className].filter(Boolean).join(' ')}>
      {label}
      <span className="file-field-control">
        <input
          type="file"
          className="visually-hidden"
          name={name}
          accept={accept}
          capture={capture}
          disabled={disabled}
          data-testid={testId}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) onFile(file);
          }}
        />
        <span className="file-field-button" aria-hidden="true">
          {t('common.chooseFile')}
        </span>
        {chosen !== undefined && <span className="muted small">{chosen ? chosen.name : t('common.noFileChosen')}</span>}
      </span>
    </label>
  );
}
