import { useQuery } from '@tanstack/react-query';
import { api, call, type components, type RequestOf } from '../../../api/client.ts';

export type Transfer = components['schemas']['RegistryTransfer'];
export type Direction = 'incoming' | 'outgoing';

export const transferKeys = {
  all: ['registry', 'transfers'] as const,
  list: (direction: Direction, status: string) => ['registry', 'transfers', direction, status] as const,
  destinations: (q: string) => ['registry', 'transfers', 'destinations', q] as const,
};

export const useTransfers = (direction: Direction, status: Transfer['status'] | 'all') =>
  useQuery({
    queryKey: transferKeys.list(direction, status),
    queryFn: () =>
      call(
        api.GET('/api/registry/transfers', { params: { query: { direction, ...(status === 'all' ? {} : { status }), pageSize: 200 } } }),
      ),
  });

export const useDestinations = (q: string) =>
  useQuery({
    queryKey: transferKeys.destinations(q),
    queryFn: () => call(api.GET('/api/registry/transfers/destinations', { params: { query: q ? { q } : {} } })),
  });

export const statusColor: Record<Transfer['status'], string> = {
  pending: 'gold',
  accepted: 'green',
  rejected: 'red',
  cancelled: 'default',
};

/** Today as yyyy-mm-dd in the province's time zone. */
export const todayIso = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
export const cancelTransfer = (init: RequestOf<'/api/registry/transfers/{id}/cancel', 'post'>) =>
  call(api.POST('/api/registry/transfers/{id}/cancel', init));
export const acceptTransfer = (init: RequestOf<'/api/registry/transfers/{id}/accept', 'post'>) =>
  call(api.POST('/api/registry/transfers/{id}/accept', init));
export const rejectTransfer = (init: RequestOf<'/api/registry/transfers/{id}/reject', 'post'>) =>
  call(api.POST('/api/registry/transfers/{id}/reject', init));
export const createTransfer = (init: RequestOf<'/api/registry/transfers', 'post'>) => call(api.POST('/api/registry/transfers', init));
export const transferOutOfProvince = (init: RequestOf<'/api/registry/transfers/out-of-province', 'post'>) =>
  call(api.POST('/api/registry/transfers/out-of-province', init));
export const requestTransfer = (init: RequestOf<'/api/registry/transfers/requests', 'post'>) =>
  call(api.POST('/api/registry/transfers/requests', init));
export const admitFromOtherProvince = (init: RequestOf<'/api/registry/transfers/from-other-province', 'post'>) =>
  call(api.POST('/api/registry/transfers/from-other-province', init));
