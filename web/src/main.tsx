import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import './app/global.css';
import { setupI18n } from './i18n/index.ts';
import { webModules } from './modules/index.ts';

setupI18n(webModules);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App modules={webModules} />
  </StrictMode>,
);
