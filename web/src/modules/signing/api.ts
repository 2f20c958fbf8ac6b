import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type components } from '../../api/client.ts';

export type SigningKeys = components['schemas']['SigningKeys'];
export type PublicDocument = components['schemas']['SigningPublicDocument'];
export type Verification = components['schemas']['SigningVerification'];

export const signingKeys = {
  all: ['signing'] as const,
  keys: ['signing', 'keys'] as const,
  document: (code: string) => ['signing', 'verify', code] as const,
};

export const useSigningKeys = () => useQuery({ queryKey: signingKeys.keys, queryFn: () => call(api.GET('/api/signing/keys/mine')) });

export const useStoreSigningKey = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { kind: 'personal' | 'seal'; unitId?: string; p12Base64: string; passphrase: string }) =>
      call(api.POST('/api/signing/keys', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: signingKeys.keys }),
  });
};

/** The public facts of a signed document (any type the platform signs) by the code of its QR. */
export const usePublicDocument = (code: string) =>
  useQuery({
    queryKey: signingKeys.document(code),
    queryFn: () => call(api.GET('/api/signing/verify/{code}', { params: { path: { code } } })),
    enabled: !!code,
    retry: false,
  });

/** The PDF travels as is (application/pdf); the answer checks every signature and the registered fingerprint. */
export const useVerifyUpload = (code?: string) =>
  useMutation({
    mutationFn: (file: Blob) =>
      call(
        api.POST('/api/signing/verify', {
          params: { query: code ? { code } : {} },
          body: file as never,
          bodySerializer: (b: unknown) => b as Blob,
          headers: { 'content-type': 'application/pdf' },
        }),
      ),
  });
