import { Button, Result } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useMatches, useNavigate } from 'react-router';
import { type components, isApiProblem } from '../api/client.ts';
import type { Permission } from '../api/permissions.ts';
import { fetchMe, shellKeys, signOut } from '../api/shell.ts';
import { ErrorState, LoadingState } from '../components/states.tsx';
import type { RouteHandle } from '../modules/types.ts';

export type Me = components['schemas']['Me'];

// Shown to few users once (a first password set by someone else): its form is not part of every page's first load.
const FirstPasswordGate = lazy(() => import('./FirstPasswordGate.tsx').then((m) => ({ default: m.FirstPasswordGate })));

export const meQueryKey = shellKeys.me;

/**
 * Who is signed in, from `GET /api/identity/me`. `me` is set only once the sign-in is finished
 * (`pending === 'none'`); `raw` also holds a half-finished one (MFA step or enrolment pending).
 */
export function useAuth() {
  const q = useQuery({
    queryKey: meQueryKey,
    queryFn: fetchMe,
    staleTime: 60_000,
    retry: (failures, error) => failures < 2 && !(isApiProblem(error) && error.status >= 400 && error.status < 500),
  });
  const anonymous = isApiProblem(q.error) && (q.error.status === 401 || q.error.status === 403);
  const me = q.data && q.data.pending === 'none' ? q.data : null;
  return {
    me,
    raw: anonymous ? undefined : q.data,
    anonymous,
    loading: q.isPending,
    error: anonymous ? null : q.error,
    refetch: q.refetch,
    can: (permission: Permission) => !!me?.permissions.includes(permission),
  };
}

// The light sign-in page (web/src/public) needs it without this file's Ant Design imports.
export { safeNext } from '../lib/safe-next.ts';

export function loginPath(next: string): string {
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

export function ForbiddenPage() {
  const { t } = useTranslation('identity');
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={<h1 style={{ fontSize: 'inherit', margin: 0 }}>{t('forbidden.title')}</h1>}
      subTitle={t('forbidden.subtitle')}
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {t('forbidden.backHome')}
        </Button>
      }
    />
  );
}

/**
 * Wraps the layout's outlet: a route whose handle asks for a session sends an anonymous visitor
 * (or one whose sign-in is half-finished) to /login, and one lacking the permission sees 403.
 */
export function RouteGuard({ children }: { children: ReactNode }) {
  const matches = useMatches();
  const location = useLocation();
  const auth = useAuth();
  const handles = matches.map((m) => m.handle as RouteHandle | undefined).filter((h): h is RouteHandle => !!h);
  const needsAuth = handles.some((h) => h.auth || h.permission);
  if (!needsAuth) return <>{children}</>;
  if (auth.loading) return <LoadingState />;
  if (auth.error) return <ErrorState error={auth.error} onRetry={() => void auth.refetch()} />;
  if (!auth.me) return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  // A first password someone else set (a student's printed list): the server answers nothing else until it is changed.
  if (auth.me.mustChangePassword) {
    return (
      <Suspense fallback={<LoadingState />}>
        <FirstPasswordGate />
      </Suspense>
    );
  }
  const missing = handles.some((h) => h.permission && !auth.can(h.permission));
  if (missing) return <ForbiddenPage />;
  return <>{children}</>;
}

/** Ends the session on the server and forgets every cached answer. */
export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    try {
      await signOut();
    } catch {
      // An expired session is signed out already.
    }
    queryClient.clear();
    await navigate('/login', { replace: true });
  };
}
