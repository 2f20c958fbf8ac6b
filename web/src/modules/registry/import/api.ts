import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, type components, sendRaw } from '../../../api/client.ts';

export type ImportReport = components['schemas']['RegistryImportReport'];
export type ImportIssue = components['schemas']['RegistryImportIssue'];
export type PreviewRow = components['schemas']['RegistryImportPreviewRow'];
export type ImportCounts = Record<string, number>;

export const importKeys = {
  run: (id: string, status: string) => ['registry', 'import', id, status] as const,
};

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const commitImport = (id: string) => call(api.POST('/api/registry/imports/{id}/commit', { params: { path: { id } } }));
export const importStatus = (id: string) => call(api.GET('/api/registry/imports/{id}', { params: { path: { id } } }));

/** Sends a spreadsheet as the raw body (the typed client cannot carry a file); the answer is the operation's report. */
export async function uploadImport(unitId: string, kind: string, file: File): Promise<ImportReport> {
  const type = file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : XLSX;
  const res = await sendRaw(`/api/registry/units/${unitId}/imports/${kind}`, {
    method: 'POST',
    headers: { 'content-type': type },
    body: file,
  });
  return (await res.json()) as ImportReport;
}

/** Saves the kind's template under the name the server gives it (or `fallbackName`). */
export async function downloadTemplate(unitId: string, kind: string, fallbackName: string): Promise<void> {
  const res = await sendRaw(`/api/registry/units/${unitId}/imports/${kind}/template.xlsx`, { method: 'GET' });
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  a.click();
  URL.revokeObjectURL(url);
}

export const isRunning = (r: ImportReport | null | undefined): boolean => r?.status === 'analysing' || r?.status === 'committing';

/**
 * One import of the registry's engine, for the wizard page and the dialogs alike: upload → report
 * → commit. A large file is analysed, and a large commit written, in the background (202): its
 * status is polled through the query library every second until it settles. The poll belongs to
 * the component that uses this hook, so closing a dialog (unmounting it) stops it.
 */
export function useImportRun(unitId: string, kind: string, options: { onCommitted?: (counts: ImportCounts) => void } = {}) {
  const [started, setStarted] = useState<ImportReport | null>(null);
  const [counts, setCounts] = useState<ImportCounts | null>(null);
  const committed = (c: ImportCounts) => {
    setCounts(c);
    options.onCommitted?.(c);
  };
  const poll = useQuery({
    queryKey: importKeys.run(started?.id ?? '', started?.status ?? ''),
    enabled: isRunning(started),
    refetchInterval: (q) => (q.state.data && !isRunning(q.state.data) ? false : 1000),
    queryFn: async () => {
      const r = await importStatus(started?.id ?? '');
      if (r.status === 'committed') committed(r.result ?? {});
      return r;
    },
  });
  const upload = useMutation({
    mutationFn: (file: File) => uploadImport(unitId, kind, file),
    onSuccess: (r) => {
      setStarted(r);
      setCounts(null);
    },
  });
  const commit = useMutation({
    mutationFn: commitImport,
    // 202: still writing, the poll takes over; 200: written.
    onSuccess: (r) => ('status' in r ? setStarted(r) : committed(r.counts)),
  });
  const download = useMutation({ mutationFn: (fallbackName: string) => downloadTemplate(unitId, kind, fallbackName) });
  const report = poll.data && poll.data.id === started?.id ? poll.data : started;
  return {
    report,
    counts,
    busy: isRunning(report),
    upload,
    commit,
    download,
    restart: () => {
      setStarted(null);
      setCounts(null);
      upload.reset();
      commit.reset();
    },
  };
}
