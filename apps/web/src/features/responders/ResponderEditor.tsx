import { capabilities, type Capability, type Responder, type TravelMode, travelModes, type Zone } from '@centinela/contracts';
import { type SubmitEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, describeError } from '../../shared/api/client';

/** A responder's profile as a coordinator edits it: alias, capabilities, languages, travel mode, zones. */
export type ProfileValue = { alias: string; capabilities: Capability[]; languages: string; travelMode: TravelMode; zoneIds: string[] };

export function ProfileFields({ value, zones, onChange }: { value: ProfileValue; zones: Zone[]; onChange: (v: ProfileValue) => void }) {
  const { t } = useTranslation();
  const toggle = <T,>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);
  return (
    <>
      <label>
        {t('responders.alias')}
        <input name="alias" value={value.alias} maxLength={40} required onChange={(e) => onChange({ ...value, alias: e.target.value })} />
      </label>
      <fieldset className="checks">
        <legend>{t('responders.capabilities')}</legend>
        {capabilities.map((c) => (
          <label key={c}>
            <input
              type="checkbox"
              name={`capability-${c}`}
              checked={value.capabilities.includes(c)}
              onChange={() => onChange({ ...value, capabilities: toggle(value.capabilities, c) })}
            />
            {t(`capability.${c}`)}
          </label>
        ))}
      </fieldset>
      <div className="row">
        <label>
          {t('responders.languages')}
          <input name="languages" value={value.languages} placeholder="es, en" onChange={(e) => onChange({ ...value, languages: e.target.value })} />
        </label>
        <label>
          {t('responders.travelMode')}
          <select name="travelMode" value={value.travelMode} onChange={(e) => onChange({ ...value, travelMode: e.target.value as TravelMode })}>
            {travelModes.map((m) => (
              <option key={m} value={m}>
                {t(`travelMode.${m}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="checks zones">
        <legend>{t('responders.zones')}</legend>
        {zones.map((z) => (
          <label key={z.id}>
            <input type="checkbox" checked={value.zoneIds.includes(z.id)} onChange={() => onChange({ ...value, zoneIds: toggle(value.zoneIds, z.id) })} />
            {z.name}
          </label>
        ))}
      </fieldset>
    </>
  );
}

export const languageList = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((l) => l.trim())
    .filter(Boolean);

const profileValueOf = (responder: Responder): ProfileValue => ({
  alias: responder.alias,
  capabilities: responder.capabilities,
  languages: responder.languages.join(', '),
  travelMode: responder.travelMode,
  zoneIds: responder.zoneIds,
});

export function ResponderEditor({ responder, zones, onSaved }: { responder: Responder; zones: Zone[]; onSaved: (r: Responder) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(() => profileValueOf(responder));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => setValue(profileValueOf(responder)), [responder]);
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    try {
      const { alias, capabilities: caps, travelMode, zoneIds } = value;
      onSaved(
        await api<Responder>('PATCH', `/api/responders/${responder.id}`, {
          alias,
          capabilities: caps,
          travelMode,
          zoneIds,
          languages: languageList(value.languages),
        }),
      );
      setMessage({ ok: true, text: t('zones.saved') });
    } catch (e) {
      setMessage({ ok: false, text: describeError(e) });
    }
  };
  return (
    <form className="panel-form" onSubmit={(e) => void save(e)} data-testid="responder-editor">
      <ProfileFields value={value} zones={zones} onChange={setValue} />
      {message && <p className={message.ok ? 'ok' : 'error'}>{message.text}</p>}
      <button type="submit" className="primary">
        {t('responders.save')}
      </button>
    </form>
  );
}
