import { useEffect, useState } from 'react';

/** The browser's "add to home screen" event (Chromium browsers; Safari has no such event, only its Share menu). */
type InstallPromptEvent = Event & { prompt: () => Promise<void>; userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }> };

/** A function that offers installing the app, while the browser allows it; null otherwise (or once installed). */
export function useInstallPrompt(): (() => void) | null {
  const [event, setEvent] = useState<InstallPromptEvent | null>(null);
  useEffect(() => {
    const offer = (e: Event) => {
      e.preventDefault();
      setEvent(e as InstallPromptEvent);
    };
    const installed = () => setEvent(null);
    window.addEventListener('beforeinstallprompt', offer);
    window.addEventListener('appinstalled', installed);
    return () => {
      window.removeEventListener('beforeinstallprompt', offer);
      window.removeEventListener('appinstalled', installed);
    };
  }, []);
  if (!event) return null;
  return () => {
    void event.prompt();
    void event.userChoice.finally(() => setEvent(null));
  };
}
