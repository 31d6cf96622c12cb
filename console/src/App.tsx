/**
 * The console's frame: each role's screens (the API decides; the menu shows only what the role may
 * use), one lazily loaded chunk per screen, sign-out, and the sign-in page when no one is signed in.
 */
import { Button, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import type { Role } from '../../domain/order';
import { useLookups } from './hooks';
import { ROLE } from './labels';
import { signOut, useSession, type Session } from './session';

const SignIn = lazy(() => import('./pages/sign-in'));
const Intake = lazy(() => import('./pages/intake'));
const Search = lazy(() => import('./pages/search'));
const Inbox = lazy(() => import('./pages/inbox'));
const OrderPage = lazy(() => import('./pages/order'));
const Held = lazy(() => import('./pages/held'));
const Visits = lazy(() => import('./pages/visits'));
const Board = lazy(() => import('./pages/board'));
const Reviews = lazy(() => import('./pages/reviews'));
const QualityReviews = lazy(() => import('./pages/quality'));
const Inspections = lazy(() => import('./pages/inspections'));
const Hotspots = lazy(() => import('./pages/hotspots'));
const Progress = lazy(() => import('./pages/progress'));
const Dashboard = lazy(() => import('./pages/dashboard'));
const Wall = lazy(() => import('./pages/wall'));
const Notices = lazy(() => import('./pages/notices'));
const Units = lazy(() => import('./pages/admin/units'));
const Catalogue = lazy(() => import('./pages/admin/catalogue'));
const Calendar = lazy(() => import('./pages/admin/calendar'));
const Policy = lazy(() => import('./pages/admin/policy'));
const ReferralChannels = lazy(() => import('./pages/admin/referrals'));
const KnowledgeBase = lazy(() => import('./pages/admin/kb'));
const KnowledgeGaps = lazy(() => import('./pages/admin/kb-gaps'));
const PolicyPreview = lazy(() => import('./pages/preview'));
const UnitPage = lazy(() => import('./pages/unit'));
const SupervisionReport = lazy(() => import('./pages/supervision-report'));

interface Screen {
  path: string;
  label: string;
  roles: readonly Role[];
  element: ReactNode;
}

/** Each role's screens, in menu order; the first is the role's home. */
const SCREENS: Screen[] = [
  { path: '/intake', label: '受理台', roles: ['operator'], element: <Intake /> },
  { path: '/inbox', label: '部门工作台', roles: ['department'], element: <Inbox /> },
  { path: '/board', label: '督办协调', roles: ['coordinator'], element: <Board /> },
  { path: '/held', label: '待派单', roles: ['operator', 'coordinator'], element: <Held /> },
  { path: '/visits', label: '回访', roles: ['visitor'], element: <Visits /> },
  { path: '/reviews', label: '第三方评议', roles: ['reviewer', 'coordinator'], element: <Reviews /> },
  { path: '/quality-reviews', label: '质检复核', roles: ['reviewer', 'coordinator'], element: <QualityReviews /> },
  { path: '/inspections', label: '抽查', roles: ['inspector'], element: <Inspections /> },
  { path: '/dashboard', label: '考核看板', roles: ['manager', 'coordinator', 'auditor'], element: <Dashboard /> },
  { path: '/wall', label: '值班大屏', roles: ['manager', 'coordinator'], element: <Wall /> },
  { path: '/hotspots', label: '热点分析', roles: ['coordinator', 'manager'], element: <Hotspots /> },
  {
    path: '/supervision-report',
    label: '督查专报',
    roles: ['manager', 'coordinator', 'auditor'],
    element: <SupervisionReport />,
  },
  { path: '/units', label: '单位', roles: ['admin'], element: <Units /> },
  { path: '/catalogue', label: '派单目录', roles: ['admin'], element: <Catalogue /> },
  { path: '/calendar', label: '工作日历', roles: ['admin'], element: <Calendar /> },
  { path: '/policy', label: '考核与时限政策', roles: ['admin'], element: <Policy /> },
  { path: '/referral-channels', label: '转办渠道', roles: ['admin'], element: <ReferralChannels /> },
  { path: '/kb', label: '知识库', roles: ['admin'], element: <KnowledgeBase /> },
  { path: '/kb-gaps', label: '知识库缺口', roles: ['admin'], element: <KnowledgeGaps /> },
  { path: '/preview', label: '政策预演', roles: ['manager', 'admin'], element: <PolicyPreview /> },
  { path: '/notices', label: '站内通知', roles: ['department', 'coordinator'], element: <Notices /> },
  { path: '/search', label: '工单查询', roles: ['operator', 'coordinator', 'auditor', 'manager'], element: <Search /> },
];

const homeOf = (role: Role) => SCREENS.find((s) => s.roles.includes(role))?.path ?? '/search';

const loading = <Spin style={{ display: 'block', margin: 48 }} aria-label="加载中" />;

function Frame({ session, children }: { session: Session; children: ReactNode }) {
  const navigate = useNavigate();
  const location = useLocation();
  const screens = SCREENS.filter((s) => s.roles.includes(session.role));
  // The unit by its name: a code such as CGJ means nothing to the person at the desk.
  const { lookups } = useLookups();
  const unit = session.unit && lookups?.units.find((u) => u.code === session.unit)?.name;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', gap: 16, padding: '0 24px', background: '#0b3d91' }}
      >
        <Typography.Text strong style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>
          12345 热线工作台
        </Typography.Text>
        <Menu
          mode="horizontal"
          theme="dark"
          // minWidth 0: on a narrow screen the menu folds its last items into "…" instead of widening the page.
          style={{ flex: 1, minWidth: 0, background: 'transparent' }}
          overflowedIndicator={<span>更多</span>}
          selectedKeys={[`/${location.pathname.split('/')[1]}`]}
          items={screens.map((s) => ({ key: s.path, label: s.label }))}
          onClick={({ key }) => void navigate(key)}
        />
        <Space style={{ flex: 'none' }}>
          {/* Who is signed in by role and unit; the account id (op-001) only on hover, it is not a word to read. */}
          <Tag color="#0050b3" title={session.sub}>
            {ROLE[session.role]}
            {unit ? ` · ${unit}` : ''}
          </Tag>
          <Button onClick={signOut}>退出登录</Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <main>
          <Suspense fallback={loading}>{children}</Suspense>
        </main>
      </Layout.Content>
    </Layout>
  );
}

export function App() {
  const session = useSession();
  const location = useLocation();
  if (location.pathname.startsWith('/progress')) {
    return (
      <Suspense fallback={loading}>
        <Progress />
      </Suspense>
    );
  }
  if (!session) {
    return (
      <Suspense fallback={loading}>
        <SignIn />
      </Suspense>
    );
  }
  const screens = SCREENS.filter((s) => s.roles.includes(session.role));
  return (
    <Frame session={session}>
      <Routes>
        {screens.map((s) => (
          <Route key={s.path} path={s.path} element={s.element} />
        ))}
        <Route path="/orders/:orderId" element={<OrderPage />} />
        {screens.some((s) => s.path === '/dashboard') && <Route path="/dashboard/units/:unit" element={<UnitPage />} />}
        <Route path="*" element={<Navigate to={homeOf(session.role)} replace />} />
      </Routes>
    </Frame>
  );
}
