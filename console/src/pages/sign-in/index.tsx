/**
 * Sign-in: on embedded defaults the demo users, one click each (the API's development sign-in); a
 * token from `npm run token` can be pasted anywhere. Production has no demo sign-in (the API answers 404).
 */
import { Alert, Button, Card, Form, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../api/client';
import { ProblemAlert } from '../../components/Problem';
import { useLoad } from '../../hooks';
import { ROLE } from '../../labels';
import { signIn, wasExpired } from '../../session';

export default function SignIn() {
  const users = useLoad(['dev-users'], () => ok(api.GET('/dev/users')));
  const [error, setError] = useState<Error | null>(null);
  const [expired] = useState(wasExpired);

  const signInAs = async (sub: string) => {
    try {
      const { token } = await ok(api.POST('/dev/sign-in', { body: { sub } }));
      signIn(token);
    } catch (err) {
      setError(err as Error);
    }
  };

  return (
    <main style={{ maxWidth: 720, margin: '48px auto', padding: 16 }}>
      <Typography.Title level={1} style={{ fontSize: 28 }}>
        12345 热线工作台 · 登录
      </Typography.Title>
      {expired && (
        <Alert
          type="warning"
          showIcon
          title="登录已过期，请重新登录。未提交的表单已保留，登录后可继续填写。"
          style={{ marginBottom: 16 }}
        />
      )}
      <ProblemAlert error={error} />
      {users.data && (
        <Card title="演示用户（开发环境一键登录）">
          <List
            dataSource={users.data.users}
            renderItem={(u) => (
              <List.Item
                actions={[
                  <Button key="in" type="primary" onClick={() => void signInAs(u.sub)}>
                    登录 {u.sub}
                  </Button>,
                ]}
              >
                <Space>
                  <Tag color="#0050b3">{ROLE[u.role]}</Tag>
                  <span>{u.unitName ?? u.unit ?? '—'}</span>
                  <Typography.Text type="secondary">{u.sub}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      {users.error && <Alert type="info" showIcon title="本环境未开放演示登录，请粘贴管理员签发的令牌。" />}
      <Card title="使用令牌登录" style={{ marginTop: 16 }}>
        <Form
          layout="inline"
          onFinish={({ token }: { token: string }) => {
            try {
              signIn(token.trim());
            } catch (err) {
              setError(err as Error);
            }
          }}
        >
          <Form.Item name="token" label="令牌" rules={[{ required: true, message: '请粘贴令牌' }]} style={{ flex: 1 }}>
            <Input.Password placeholder="npm run token 签发的令牌" />
          </Form.Item>
          <Button htmlType="submit">登录</Button>
        </Form>
      </Card>
    </main>
  );
}
