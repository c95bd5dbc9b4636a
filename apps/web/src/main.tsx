import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './app/styles.css';
import './app/console.css';
import './shared/i18n/i18n';
import { initAnnouncer } from './shared/ui/announce';
import { initTheme } from './shared/ui/theme';

initTheme();
initAnnouncer();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// A page opened before a deploy asks for chunks of the old build, which the server no longer has (404): load the new
// build instead of showing a broken screen — once a minute at most, so a chunk that is missing for another reason
// does not reload the page in a loop.
window.addEventListener('vite:preloadError', (event) => {
  const last = Number(sessionStorage.getItem('centinela.reloadedForBuild') ?? 0);
  if (!navigator.onLine || Date.now() - last < 60_000) return;
  event.preventDefault();
  sessionStorage.setItem('centinela.reloadedForBuild', String(Date.now()));
  window.location.reload();
});

// The service worker delivers pings by Web Push while the page is closed and keeps the app shell offline.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js', { type: 'module' }).catch(() => undefined));
}
