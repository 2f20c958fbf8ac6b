import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import './app/global.css';
import { setupI18n } from './i18n/index.ts';
import { webModules } from './modules/index.ts';
import { registerServiceWorker } from './sw/register.ts';

setupI18n(webModules);

// A page opened before a release asks for a route chunk the server no longer has: load the new
// release once instead of showing an error (once per minute, so a real outage does not loop).
window.addEventListener('vite:preloadError', (event) => {
  const key = 'gds.reloadedForRelease';
  const last = Number(window.sessionStorage.getItem(key) ?? 0);
  if (Date.now() - last < 60_000) return;
  event.preventDefault();
  window.sessionStorage.setItem(key, String(Date.now()));
  window.location.reload();
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App modules={webModules} />
  </StrictMode>,
);
registerServiceWorker();
