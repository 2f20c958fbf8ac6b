import { api, call, type components, type RequestOf } from '../../../api/client.ts';

export type Pair = components['schemas']['RegistryDuplicateList']['items'][number];
export type Brief = Pair['first'];
export type Comparison = components['schemas']['RegistryDuplicateComparison'];

export const duplicateKeys = {
  list: ['registry', 'duplicates'] as const,
  compare: (a: string, b: string) => ['registry', 'duplicates', a, b] as const,
};

export const fetchDuplicates = () => call(api.GET('/api/registry/duplicates'));
export const fetchComparison = (init: RequestOf<'/api/registry/duplicates/compare', 'get'>) =>
  call(api.GET('/api/registry/duplicates/compare', init));
export const mergeDuplicates = (init: RequestOf<'/api/registry/duplicates/merge', 'post'>) =>
  call(api.POST('/api/registry/duplicates/merge', init));
export const dismissDuplicates = (init: RequestOf<'/api/registry/duplicates/dismiss', 'post'>) =>
  call(api.POST('/api/registry/duplicates/dismiss', init));
