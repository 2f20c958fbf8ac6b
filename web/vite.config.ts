import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Groups of third-party code that change rarely get their own long-cached chunks.
const vendorGroups: { name: string; test: RegExp }[] = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler|@tanstack)[\\/]/ },
  { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|dayjs)[\\/]/ },
  { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
  { name: 'i18n', test: /node_modules[\\/](i18next|react-i18next)[\\/]/ },
];

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: vendorGroups },
      },
    },
  },
  server: {
    // `npm run dev -w web` next to `npm start` (port 3000): the API stays same-origin.
    proxy: { '/api': { target: process.env.GDS_API ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
