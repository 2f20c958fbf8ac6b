import { isRouteErrorResponse, useRouteError } from 'react-router';
import { ErrorState } from '../components/states.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

/** What the router shows when a page throws while rendering or loading. */
export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return <ErrorState error={error} onRetry={() => window.location.reload()} />;
}
