import { useQuery } from '@tanstack/react-query';
import { api, call, type components } from '../../../api/client.ts';

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
