import { createRoot, hydrateRoot } from 'react-dom/client';
import './shell.css';
import { storedLanguage } from '../i18n/index.ts';
import { registerServiceWorker } from '../sw/register.ts';
import { setupPublicI18n } from './i18n.ts';
import { PublicApp } from './PublicApp.tsx';
import { matchPublicRoute } from './routes.ts';

/**
 * The entry of the light public shell. The HTML already holds the page as the build rendered it
 * in Vietnamese for its route: hydrate it when that is what this visit shows; otherwise (English
 * chosen earlier) render over it.
 */
async function start() {
  const root = document.getElementById('root');
  if (!root) throw new Error('the page has no #root element');
  const { pathname, search } = window.location;
  const lang = storedLanguage();
  await setupPublicI18n(lang);
  const app = <PublicApp pathname={pathname} search={search} />;
  const prerendered = root.dataset.page;
  if (prerendered && prerendered === matchPublicRoute(pathname)?.route.id && lang === 'vi') hydrateRoot(root, app);
  else createRoot(root).render(app);
  registerServiceWorker();
}

void start();
