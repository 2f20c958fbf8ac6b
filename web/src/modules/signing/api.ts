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
