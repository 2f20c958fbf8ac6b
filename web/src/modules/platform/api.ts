import { api, asNetworkProblem, type components, problemFromResponse } from '../../api/client.ts';

export type Health = components['schemas']['Health'];

export const platformKeys = {
  health: ['platform', 'health'] as const,
};

/** GET /api/health; a 503 still carries the health report (status "degraded"), so it is shown. */
export async function fetchHealth(): Promise<Health> {
  const result = await api.GET('/api/health').catch((err: unknown) => {
    throw asNetworkProblem(err);
  });
  if (result.data) return result.data;
  const body: unknown = result.error;
  if (result.response.status === 503 && body && typeof body === 'object' && 'database' in body) return body as Health;
  throw problemFromResponse(result.response, body);
}
