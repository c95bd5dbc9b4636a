import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './app/styles.css';
import './app/console.css';
import './shared/i18n/i18n';
import { initTheme } from './shared/ui/theme';

initTheme();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The service worker delivers pings by Web Push while the page is closed and keeps the app shell offline.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js', { type: 'module' }).catch(() => undefined));
}
