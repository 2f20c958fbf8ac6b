/**
 * Registers the origin's service worker (sw.ts, served as /sw.js) once the page has loaded, so it
 * never competes with the first view. Its updates are checked on every load (`updateViaCache:
 * 'none'`: /sw.js itself bypasses the HTTP cache). Off where there is none (http other than
 * localhost, old browsers).
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' }).catch(() => undefined);
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

/** Tells the page when the service worker has fetched fresher data than it showed. */
export function onServiceWorkerDataUpdate(listener: (url: string) => void): () => void {
  if (!('serviceWorker' in navigator)) return () => undefined;
  const handler = (event: MessageEvent) => {
    const data = event.data as { type?: string; url?: string } | null;
    if (data?.type === 'gds:data-updated' && typeof data.url === 'string') listener(data.url);
  };
  navigator.serviceWorker.addEventListener('message', handler);
  return () => navigator.serviceWorker.removeEventListener('message', handler);
}
