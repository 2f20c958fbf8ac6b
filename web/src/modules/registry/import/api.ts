import { api, call } from '../../../api/client.ts';

export const commitImport = (id: string) => call(api.POST('/api/registry/imports/{id}/commit', { params: { path: { id } } }));
export const importStatus = (id: string) => call(api.GET('/api/registry/imports/{id}', { params: { path: { id } } }));
