import { useQuery } from '@tanstack/react-query';
import { api, call, type components } from '../../api/client.ts';
import { shellKeys } from '../../api/shell.ts';

export type OrgUnit = components['schemas']['OrgUnit'];
export type OrgUnitDetail = components['schemas']['OrgUnitDetail'];
export type SchoolLevel = NonNullable<OrgUnit['schoolLevel']>;
export type Ownership = NonNullable<OrgUnit['ownership']>;
export const schoolLevels: readonly SchoolLevel[] = ['mam_non', 'tieu_hoc', 'thcs', 'thpt', 'gdtx', 'lien_cap', 'lien_cap_thpt'];
export const ownerships: readonly Ownership[] = ['cong_lap', 'dan_lap', 'tu_thuc'];
/** Who manages a school of this level after the 2025 reform (the server enforces it; the form guides). */
export const departmentLevels: readonly SchoolLevel[] = ['thpt', 'gdtx', 'lien_cap_thpt'];

export const orgKeys = {
  all: ['org'] as const,
  roots: ['org', 'roots'] as const,
  children: (id: string) => ['org', 'children', id] as const,
  unit: shellKeys.unit,
  search: (q: string) => ['org', 'search', q] as const,
  communes: shellKeys.communes,
  overview: ['org', 'overview'] as const,
  map: (figure: string) => ['org', 'map', figure] as const,
};

export const fetchRoots = () => call(api.GET('/api/org/units/roots'));
export const fetchChildren = (id: string) =>
  call(api.GET('/api/org/units/{id}/children', { params: { path: { id }, query: { status: 'active' } } }));
export const searchUnits = (q: string) => call(api.GET('/api/org/units/search', { params: { query: { q, limit: 30 } } }));

/** A unit and the communes are the shell's shared reference data (other modules read them too). */
export { useCommunes, useUnit } from '../../api/shell.ts';
export const useOverview = () => useQuery({ queryKey: orgKeys.overview, queryFn: () => call(api.GET('/api/org/overview')) });

export const updateUnit = (unit: OrgUnitDetail, body: { name: string; code: string }) =>
  call(api.PATCH('/api/org/units/{id}', { params: { path: { id: unit.id } }, body: { version: unit.version, ...body } }));
export const moveUnit = (unit: OrgUnitDetail, parentId: string) =>
  call(api.POST('/api/org/units/{id}/move', { params: { path: { id: unit.id } }, body: { version: unit.version, parentId } }));
export const closeUnit = (unit: OrgUnitDetail, reason: string) =>
  call(api.POST('/api/org/units/{id}/close', { params: { path: { id: unit.id } }, body: { version: unit.version, reason } }));
export type NewSchool = {
  parentId: string;
  name: string;
  code?: string;
  schoolLevel: SchoolLevel;
  ownership: Ownership;
  adminUnitCode?: string;
};
export const createSchool = (body: NewSchool) => call(api.POST('/api/org/units', { body: { type: 'school', ...body } }));

export type MapFigure = 'schools' | SchoolLevel;
export const useMapFigures = (figure: MapFigure) =>
  useQuery({ queryKey: orgKeys.map(figure), queryFn: () => call(api.GET('/api/org/map', { params: { query: { figure } } })) });

/** The commune polygons (static GeoJSON served by the server). */
export const useCommuneShapes = () =>
  useQuery({
    queryKey: ['org', 'geojson'],
    staleTime: Infinity,
    queryFn: async () => {
      const res = await fetch('/api/org/map/communes.geojson', { credentials: 'same-origin' });
      if (!res.ok) throw new Error(`GeoJSON ${res.status}`);
      return (await res.json()) as object;
    },
  });
