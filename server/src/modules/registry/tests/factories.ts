import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

/** A school year 2026–2027 with two terms at a school, through the API. */
export async function createYear(app: FastifyInstance, headers: Record<string, string>, schoolId: string) {
  const res = await app.inject({
    method: 'POST',
    url: `/api/registry/schools/${schoolId}/years`,
    headers,
    payload: {
      startYear: 2026,
      startsOn: '2026-09-05',
      endsOn: '2027-05-31',
      status: 'current',
      terms: [
        { no: 1, name: 'Học kì I', startsOn: '2026-09-05', endsOn: '2027-01-16' },
        { no: 2, name: 'Học kì II', startsOn: '2027-01-18', endsOn: '2027-05-31' },
      ],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}

export async function createClass(
  app: FastifyInstance,
  headers: Record<string, string>,
  schoolId: string,
  yearId: string,
  name: string,
  gradeNo = 6,
) {
  const res = await app.inject({
    method: 'POST',
    url: `/api/registry/schools/${schoolId}/classes`,
    headers,
    payload: { schoolYearId: yearId, gradeNo, name },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}

let serial = 100000;
/** A valid CCCD for a child born in 2014 (Bắc Ninh birth registration). */
export const cccdFor = (sex: 'male' | 'female', year = 2014) =>
  `027${sex === 'male' ? 2 : 3}${String(year % 100).padStart(2, '0')}${String(serial++).padStart(6, '0')}`;

export async function createStudent(
  app: FastifyInstance,
  headers: Record<string, string>,
  schoolId: string,
  fullName: string,
  extra: Record<string, unknown> = {},
) {
  const sex = (extra.sex as 'male' | 'female' | undefined) ?? 'male';
  const res = await app.inject({
    method: 'POST',
    url: '/api/registry/students',
    headers,
    payload: { schoolId, fullName, sex, dateOfBirth: '2014-03-15', cccd: cccdFor(sex), ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; cccd: string };
}

/** A number spelt in letters ('12' → 'bc'): a person name holds no digits (issue 14 item 6). */
export const spell = (i: number) => String(i).replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);
