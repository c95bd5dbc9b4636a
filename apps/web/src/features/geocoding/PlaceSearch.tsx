import type { GeocodeResult } from '@centinela/contracts';
import { type KeyboardEvent, type Ref, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { geocode, type SearchScope } from './geocode';

type Props = {
  scope: SearchScope;
  /** Where to look first: the map view's centre. */
  near?: () => [number, number] | null;
  onPick: (result: GeocodeResult) => void;
  inputRef?: Ref<HTMLInputElement>;
  placeholder?: string;
  testId?: string;
  className?: string;
};

const DEBOUNCE_MS = 120;

/**
 * "18th & Blue Island", "1830 S Blue Island", "laundromat on 18th": answers as you type; Enter picks the
 * highlighted answer (the first by default, waiting for it if it is still on its way); arrows move; Esc clears.
 * A combobox in the ARIA sense, so screen readers announce the answers.
 */
export function PlaceSearch({ scope, near, onPick, inputRef, placeholder, testId = 'place-search', className }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [results, setResults] = useState<GeocodeResult[]>([]);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<'idle' | 'searching' | 'none' | 'error'>('idle');
  const pending = useRef<{ q: string; answer: Promise<GeocodeResult[]> } | null>(null);

  const run = (q: string): Promise<GeocodeResult[]> => {
    if (pending.current?.q === q) return pending.current.answer;
    const answer = geocode(q, scope, near?.() ?? null);
    pending.current = { q, answer };
    setStatus('searching');
    answer.then(
      (found) => {
        if (pending.current?.q !== q) return;
        setResults(found);
        setActive(0);
        setStatus(found.length ? 'idle' : 'none');
      },
      () => pending.current?.q === q && setStatus('error'),
    );
    return answer;
  };

  useEffect(() => {
    const q = text.trim();
    if (q.length < 2) {
      setResults([]);
      setStatus('idle');
      return;
    }
    const timer = setTimeout(() => void run(q).catch(() => undefined), DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // Only new text searches: `run` and `near` are new functions on every render and must not restart the debounce.
  }, [text]); // eslint-disable-line react-hooks/exhaustive-deps

  const pick = (result: GeocodeResult | undefined) => {
    if (!result) return;
    setOpen(false);
    setText('');
    setResults([]);
    onPick(result);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (results.length ? (i + (event.key === 'ArrowDown' ? 1 : results.length - 1)) % results.length : 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const q = text.trim();
      if (q.length < 1) return;
      // The answers on screen are for this text: take the highlighted one; else wait for this text's answers.
      if (pending.current?.q === q && status !== 'searching' && results.length) pick(results[active]);
      else
        void run(q).then(
          (found) => pick(found[0]),
          () => undefined,
        );
    } else if (event.key === 'Escape' && (text || open)) {
      event.stopPropagation();
      setText('');
      setOpen(false);
    }
  };

  const listId = `${id}-answers`;
  const showList = open && text.trim().length >= 2;
  return (
    <div className={`place-search ${className ?? ''}`} data-testid={testId}>
      <input
        ref={inputRef}
        type="search"
        role="combobox"
        aria-expanded={showList && results.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && results[active] ? `${id}-${active}` : undefined}
        aria-label={t('search.label')}
        placeholder={placeholder ?? t('search.placeholder')}
        value={text}
        autoComplete="off"
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      {showList && (
        <ul id={listId} role="listbox" className="place-answers" aria-label={t('search.answers')}>
          {results.map((r, i) => (
            <li
              key={`${r.kind}-${r.label}-${i}`}
              id={`${id}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(r)}
            >
              <span className="answer-label">{r.label}</span>
              <span className="answer-kind small muted">
                {r.category ? t(`placeCategory.${r.category}`) : t(`search.kind.${r.kind}`)}
                {r.context && ` · ${r.context}`}
              </span>
            </li>
          ))}
          {status === 'none' && <li className="muted small">{t('search.none')}</li>}
          {status === 'error' && <li className="error small">{t('search.failed')}</li>}
        </ul>
      )}
    </div>
  );
}
