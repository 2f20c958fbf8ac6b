import { z } from 'zod';
import { problemSchema } from '../../../platform/http/problem.ts';

export const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
};
export const tags = ['registry'];
export const idParams = z.object({ id: z.string().max(64) });
export const schoolParams = z.object({ schoolId: z.string().max(64) });
export const isoDate = z.iso.date();
export const version = z.number().int().min(1);
export const okSchema = z.object({ ok: z.literal(true) }).meta({ id: 'RegistryOk' });
