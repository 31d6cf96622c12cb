/** The console's entry: Chinese locale, the CJK web font, the router. */
import '@fontsource/noto-sans-sc/400.css';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';

dayjs.locale('zh-cn');

const FONT = "'Noto Sans SC', -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif";

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={{ token: { fontFamily: FONT, colorPrimary: '#1d4ed8' } }}>
      <AntApp>
        <BrowserRouter basename="/console">
          <App />
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
