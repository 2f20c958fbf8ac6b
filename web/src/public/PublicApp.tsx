import { StrictMode } from 'react';
import { publicPages } from './pages.tsx';
import { matchPublicRoute } from './routes.ts';

/** The public page of a path (the build renders it to HTML, the browser hydrates the same tree). */
export function PublicApp({ pathname, search }: { pathname: string; search: string }) {
  const match = matchPublicRoute(pathname);
  const Page = match ? publicPages[match.route.id] : undefined;
  if (!match || !Page) throw new Error(`no public page for ${pathname}`);
  return (
    <StrictMode>
      <Page params={match.params} search={search} />
    </StrictMode>
  );
}
