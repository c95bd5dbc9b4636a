import type { AlertChannel, AlertImage } from '@centinela/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../shared/api/client';
import { uploadPhoto, useAuthorizedImage } from '../../../shared/api/files';
import { FileField } from '../../../shared/ui/FileField';
import { useFormat } from '../../../shared/i18n/format';

/** An alert's image as staff see it (served only with a token until the alert goes out). */
export function AlertImageThumb({ image, size = 160 }: { image: AlertImage; size?: number }) {
  const { t } = useTranslation();
  const url = useAuthorizedImage(`/api/alerts/images/${image.id}`);
  return url ? (
    <img className="alert-image" src={url} alt={t('communityAlerts.imageAlt')} width={size} data-testid="alert-image" />
  ) : (
    <span className="alert-image thumb" style={{ width: size, height: Math.round((size * image.height) / image.width) }} />
  );
}

/**
 * The composer's image: upload one (metadata stripped by the server), see it, remove it, and know which of the picked
 * channels carry it (`carrying`: from the estimate, or what the server can carry when there is none yet).
 */
export function AlertImagePicker({
  image,
  onChange,
  carrying,
}: {
  image: AlertImage | null;
  onChange: (image: AlertImage | null) => void;
  carrying: AlertChannel[];
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const names = carrying.map((c) => t(`communityAlerts.channels.${c}`)).join(', ');
  return (
    <fieldset className="alert-image-picker" data-testid="image-picker">
      <legend>{t('communityAlerts.image')}</legend>
      {image ? (
        <div className="row wrap">
          <AlertImageThumb image={image} />
          <div>
            <p className="small muted">
              {image.width}×{image.height} · {f.number(Math.ceil(image.bytes / 1024))} KB
            </p>
            <p className="small" data-testid="image-channels">
              {carrying.length ? t('communityAlerts.imageOn', { channels: names }) : t('communityAlerts.imageNowhere')}
            </p>
            <button type="button" onClick={() => onChange(null)} data-testid="remove-image">
              {t('communityAlerts.removeImage')}
            </button>
          </div>
        </div>
      ) : (
        <FileField
          className="small"
          label={busy ? t('communityAlerts.imageUploading') : t('communityAlerts.addImage')}
          accept="image/jpeg,image/png,image/webp"
          disabled={busy}
          testId="image-file"
          onFile={(file) => {
            setBusy(true);
            setError(null);
            void uploadPhoto<AlertImage>('/api/alerts/images', file)
              .then(onChange, (err: unknown) => setError(describeError(err)))
              .finally(() => setBusy(false));
          }}
        />
      )}
      <p className="small muted">{t('communityAlerts.imageStripped')}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
