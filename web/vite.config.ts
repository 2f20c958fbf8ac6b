import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { phonePages } from './build/phone-pages.ts';

/**
 * Chunks (docs/design/phone-pages.md): no group forces a whole library into every page. React is
 * the one library every page of both apps runs, so it keeps a chunk of its own that survives
 * releases; the rest of node_modules is split by which pages use it (`entriesAware`), so a page
 * downloads only the Ant Design components, charts or grid it shows, and third-party code still
 * sits apart from ours (a release of our code leaves those chunks cached).
 */
const codeSplitting = {
  groups: [
    { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 2 },
    { name: 'vendor', test: /node_modules[\\/]/, priority: 1, entriesAware: true },
  ],
};

export default defineConfig({
  plugins: [react(), phonePages()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The budget (npm run perf:budget) reads it: which files each page loads first.
    manifest: true,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // The staff app, the light public shell, and the service worker (one file at /sw.js).
      input: { index: 'index.html', public: 'public.html', sw: 'src/sw/sw.ts' },
      output: {
        codeSplitting,
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
        // `vendor~<every page that shares it>` makes file names hundreds of characters long.
        chunkFileNames: (chunk) => (chunk.name.startsWith('vendor') ? 'assets/vendor-[hash].js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: {
    // `npm run dev -w web` next to `npm start` (port 3000): the API stays same-origin.
    proxy: { '/api': { target: process.env.GDS_API ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
