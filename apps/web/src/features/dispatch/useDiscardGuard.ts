import { type RefObject, useEffect, useRef, useState } from 'react';

type Options = {
  /** Whether anything the dispatcher entered would be lost. */
  entered: boolean;
  onDiscard: () => void;
  /** Where focus goes back to on "Keep editing" when the Esc came from outside the form. */
  fallbackFocus: RefObject<HTMLElement | null>;
  /** Set to `escape`, for the page's own Esc shortcut (pressed with focus outside the form). */
  escapeRef?: RefObject<(() => void) | null>;
};

/**
 * Esc on a form being filled in during a call: an untouched form closes; one with anything in it asks first
 * ("Discard this sighting?", the safe answer focused), and a second Esc answers "Keep editing" and returns focus to
 * where it was. A reflex Esc (to close a list) never throws a call away.
 */
export function useDiscardGuard({ entered, onDiscard, fallbackFocus, escapeRef }: Options) {
  const [asking, setAsking] = useState(false);
  const focusBefore = useRef<HTMLElement | null>(null);

  const keepEditing = () => {
    setAsking(false);
    const back = focusBefore.current;
    requestAnimationFrame(() => (back?.isConnected && back !== document.body ? back : fallbackFocus.current)?.focus());
  };
  const escape = () => {
    if (asking) keepEditing();
    else if (!entered) onDiscard();
    else {
      focusBefore.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setAsking(true);
    }
  };
  useEffect(() => {
    if (!escapeRef) return;
    escapeRef.current = escape;
    return () => {
      escapeRef.current = null;
    };
  });
  return { asking, escape, keepEditing };
}
