import { renderToString } from 'react-dom/server';
import { setupPublicI18n } from './i18n.ts';
import { PublicApp } from './PublicApp.tsx';
import { publicShellRoutes } from './routes.ts';

/**
 * Build time only (vite.config.ts): the first view of every public page in Vietnamese, to put in
 * its HTML file so the browser paints it before any script has arrived. One file per route id;
 * a parameterised path (`/verify/:code`) shares the file of its id, its first view is the same.
 */
export async function renderPublicPages(): Promise<{ id: string; html: string }[]> {
  await setupPublicI18n('vi');
  const seen = new Set<string>();
  const out: { id: string; html: string }[] = [];
  for (const route of publicShellRoutes) {
    if (seen.has(route.id)) continue;
    seen.add(route.id);
    const pathname = route.path.replace(/\/:[A-Za-z]+/g, '/x');
    out.push({ id: route.id, html: renderToString(<PublicApp pathname={pathname} search="" />) });
  }
  return out;
}
