import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { Suspense, useEffect, useMemo } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { isApiProblem } from '../api/client.ts';
import { LoadingState } from '../components/states.tsx';
import { useDisplayLanguage } from '../lib/language.ts';
import type { WebModule } from '../modules/types.ts';
import { onServiceWorkerDataUpdate } from '../sw/register.ts';
import { AppLayout } from './AppLayout.tsx';
import { ModulesProvider } from './extensions.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { RouteError } from './RouteError.tsx';
import { theme } from './theme.ts';

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    // A 401 on any page means the session ended (idle or absolute timeout, revoked): ask who is
    // signed in again, and the route guard sends the user to /login.
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isApiProblem(error) && error.status === 401 && query.queryKey.join('.') !== 'identity.me') {
          void client.invalidateQueries({ queryKey: ['identity', 'me'] });
        }
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx answer will not change by asking again; a network blip or a 5xx might.
        retry: (failures, error) => failures < 2 && !(isApiProblem(error) && error.status >= 400 && error.status < 500),
      },
    },
  });
  return client;
}

export function createRouter(modules: readonly WebModule[]) {
  return createBrowserRouter([
    // Full-page routes (sign-in, reset-password) outside the layout; their pages load lazily too.
    ...modules.flatMap((m) =>
      (m.publicRoutes ?? []).map((r) => ({
        errorElement: <RouteError />,
        ...r,
        element: <Suspense fallback={<LoadingState />}>{r.element}</Suspense>,
      })),
    ),
    {
      path: '/',
      element: <AppLayout modules={modules} />,
      errorElement: <RouteError />,
      children: [
        ...modules.flatMap((m) => m.routes.map((r) => ({ errorElement: <RouteError />, ...r }))),
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}

export function App({ modules }: { modules: readonly WebModule[] }) {
  const lang = useDisplayLanguage();
  dayjs.locale(lang);
  const queryClient = useMemo(createQueryClient, []);
  const router = useMemo(() => createRouter(modules), [modules]);
  // The service worker painted a user's data from its cache and has now fetched fresher data.
  useEffect(() => onServiceWorkerDataUpdate(() => void queryClient.invalidateQueries()), [queryClient]);
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : viVN} theme={theme}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <ModulesProvider modules={modules}>
            <RouterProvider router={router} />
          </ModulesProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
