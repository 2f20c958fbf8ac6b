import { useQuery } from '@tanstack/react-query';
import { api, call, type components, type RequestOf } from '../../../api/client.ts';

export type SchoolProfile = components['schemas']['RegistrySchoolProfile'];
export type SchoolSite = components['schemas']['RegistrySchoolSite'];
export type SchoolFacilities = components['schemas']['RegistrySchoolFacilities'];
export type FacilityYears = components['schemas']['RegistrySchoolFacilityYears'];

export const difficultAreas = ['none', 'kho_khan', 'dac_biet_kho_khan'] as const;
export const nationalStandards = ['chua_dat', 'muc_1', 'muc_2'] as const;
export const libraryStandards = ['chua_dat', 'muc_1', 'muc_2'] as const;
export const internetKinds = ['none', 'fiber', 'mobile', 'other'] as const;
export const roomKinds = [
  'tin_hoc',
  'ngoai_ngu',
  'khtn',
  'vat_ly',
  'hoa_hoc',
  'sinh_hoc',
  'cong_nghe',
  'am_nhac',
  'my_thuat',
  'da_chuc_nang',
  'khac',
] as const;

export const schoolKeys = {
  profile: (unitId: string) => ['registry', 'school', unitId, 'profile'] as const,
  facilityYears: (unitId: string) => ['registry', 'school', unitId, 'facilities'] as const,
  facilities: (unitId: string, year: number) => ['registry', 'school', unitId, 'facilities', year] as const,
};

export const useSchoolProfile = (unitId: string) =>
  useQuery({
    queryKey: schoolKeys.profile(unitId),
    queryFn: () => call(api.GET('/api/registry/schools/{unitId}/profile', { params: { path: { unitId } } })),
  });

export const useFacilityYears = (unitId: string) =>
  useQuery({
    queryKey: schoolKeys.facilityYears(unitId),
    queryFn: () => call(api.GET('/api/registry/schools/{unitId}/facilities', { params: { path: { unitId } } })),
  });

export const useFacilities = (unitId: string, year: number | undefined) =>
  useQuery({
    queryKey: schoolKeys.facilities(unitId, year ?? 0),
    queryFn: () =>
      call(api.GET('/api/registry/schools/{unitId}/facilities/{startYear}', { params: { path: { unitId, startYear: String(year) } } })),
    enabled: year !== undefined,
  });

export const saveProfile = (init: RequestOf<'/api/registry/schools/{unitId}/profile', 'put'>) =>
  call(api.PUT('/api/registry/schools/{unitId}/profile', init));
export const createSite = (init: RequestOf<'/api/registry/schools/{unitId}/sites', 'post'>) =>
  call(api.POST('/api/registry/schools/{unitId}/sites', init));
export const updateSite = (init: RequestOf<'/api/registry/schools/{unitId}/sites/{siteId}', 'put'>) =>
  call(api.PUT('/api/registry/schools/{unitId}/sites/{siteId}', init));
export const deleteSite = (init: RequestOf<'/api/registry/schools/{unitId}/sites/{siteId}', 'delete'>) =>
  call(api.DELETE('/api/registry/schools/{unitId}/sites/{siteId}', init));
export const saveFacilities = (init: RequestOf<'/api/registry/schools/{unitId}/facilities/{startYear}', 'put'>) =>
  call(api.PUT('/api/registry/schools/{unitId}/facilities/{startYear}', init));
