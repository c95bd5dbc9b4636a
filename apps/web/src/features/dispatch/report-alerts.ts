/** How new reports announce themselves: a two-tone chime (muteable) and, when allowed, a desktop notification. */
const SOUND_KEY = 'centinela.sound';
const NOTIFY_KEY = 'centinela.desktop-alerts';

export const soundOn = () => localStorage.getItem(SOUND_KEY) !== 'off';
export const setSoundOn = (on: boolean) => localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
export const desktopAlertsOn = () => localStorage.getItem(NOTIFY_KEY) === 'on' && 'Notification' in window && Notification.permission === 'granted';

/** Asks the browser for permission; remembers the choice only when granted. */
export async function enableDesktopAlerts(): Promise<boolean> {
  if (!('Notification' in window)) return false;
  const granted = (await Notification.requestPermission()) === 'granted';
  localStorage.setItem(NOTIFY_KEY, granted ? 'on' : 'off');
  return granted;
}
export const disableDesktopAlerts = () => localStorage.setItem(NOTIFY_KEY, 'off');

let audio: AudioContext | undefined;

/**
 * Browsers let a page play sound only after the person has clicked or typed in it; the audio context is made at that
 * first gesture (never in the middle of announcing a report, where making it would hold up the map).
 */
export function armChime(): () => void {
  const arm = () => {
    audio ??= new AudioContext();
    window.removeEventListener('pointerdown', arm);
    window.removeEventListener('keydown', arm);
  };
  window.addEventListener('pointerdown', arm);
  window.addEventListener('keydown', arm);
  return () => {
    window.removeEventListener('pointerdown', arm);
    window.removeEventListener('keydown', arm);
  };
}

/** A short rising two-tone, made on the spot (no sound file to download). */
export function chime(): void {
  if (!soundOn() || !audio) return;
  try {
    const now = audio.currentTime;
    for (const [i, frequency] of [660, 880].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, now + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.25, now + i * 0.18 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.18 + 0.16);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.18);
      osc.stop(now + i * 0.18 + 0.17);
    }
  } catch {
    // No audio (a browser policy before any click): the title count and the cue still show.
  }
}

/** A desktop notification while the tab is hidden; its text says what, never who. */
export function notifyDesktop(title: string, body: string, tag: string): void {
  if (!document.hidden || !desktopAlertsOn()) return;
  const notification = new Notification(title, { body, tag, icon: '/icons/icon-192.png' });
  notification.onclick = () => {
    window.focus();
    notification.close();
  };
}
