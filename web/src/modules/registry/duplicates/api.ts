import { api, call, type RequestOf } from '../../../api/client.ts';
export const fetchDuplicates = () => call(api.GET('/api/registry/duplicates'));
export const fetchComparison = (init: RequestOf<'/api/registry/duplicates/compare', 'get'>) =>
  call(api.GET('/api/registry/duplicates/compare', init));
export const mergeDuplicates = (init: RequestOf<'/api/registry/duplicates/merge', 'post'>) =>
  call(api.POST('/api/registry/duplicates/merge', init));
export const dismissDuplicates = (init: RequestOf<'/api/registry/duplicates/dismiss', 'post'>) =>
  call(api.POST('/api/registry/duplicates/dismiss', init));
