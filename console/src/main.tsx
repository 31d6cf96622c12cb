/** The console's entry: Chinese locale, the CJK web font, the server-state cache, the router. */
import '@fontsource/noto-sans-sc/400.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { queryClient } from './hooks';
import { hideIconNames } from './icons';

dayjs.locale('zh-cn');

/** Secondary text darker than Ant Design's default, for WCAG AA contrast (4.5:1) on white. */
const THEME = {
  fontFamily: "'Noto Sans SC', -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif",
  colorPrimary: '#1d4ed8',
  colorLink: '#1d4ed8',
  colorInfo: '#1d4ed8',
  // antd's red (#ff4d4f) is 3.3:1 on white, under WCAG AA for the field errors and 撤单/退单 buttons it marks.
  colorError: '#cf1322',
  colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
  colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
  colorTextDescription: 'rgba(0, 0, 0, 0.62)',
  colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
};

hideIconNames(document.body);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={{ token: THEME }} button={{ autoInsertSpace: false }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter basename="/console">
            <App />
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
