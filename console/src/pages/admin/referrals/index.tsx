/**
 * 转办渠道: where requests outside the hotline's remit are referred, with the standard reply the citizen is
 * given; a channel is retired (never deleted: referred orders still name it) and may be put back in use.
 */
import { Button, Form, Modal, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../../api/client';
import { ScreenHeader } from '../components/Screen';
import { ProblemAlert } from '../../../components/Problem';
import { useLoad } from '../../../hooks';
import { formatTime } from '../../../labels';
import { ChangeHistory } from '../components/ChangeHistory';
import { ReasonField } from '../components/ReasonField';
import { useSave } from '../hooks/useSave';
import { ChannelForm, type Channel } from './components/ChannelForm';

export default function ReferralChannels() {
  const channels = useLoad(['admin', 'referral-channels'], () => ok(api.GET('/admin/referral-channels')));
  const [editing, setEditing] = useState<Channel | 'new' | null>(null);
  const [retiring, setRetiring] = useState<Channel | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const retire = useSave(form, { onSaved: () => setRetiring(null) });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ScreenHeader title="转办渠道">
        <Button type="primary" onClick={() => setEditing('new')}>
          新增渠道
        </Button>
      </ScreenHeader>
      <ProblemAlert error={channels.error} />
      <Table<Channel>
        rowKey="code"
        size="small"
        data-testid="referral-channels"
        pagination={false}
        dataSource={channels.data?.channels ?? []}
        columns={[
          { title: '渠道名称', dataIndex: 'name', width: 200 },
          { title: '代码', dataIndex: 'code', width: 140 },
          { title: '标准答复', dataIndex: 'reply' },
          {
            title: '状态',
            width: 190,
            render: (_, c) =>
              c.retiredAt ? <Tag>已停用（{formatTime(c.retiredAt)}）</Tag> : <Tag color="#135200">在用</Tag>,
          },
          {
            title: '操作',
            width: 150,
            render: (_, c) => (
              <Space>
                <Button size="small" aria-label={`编辑 ${c.name}`} onClick={() => setEditing(c)}>
                  编辑
                </Button>
                {!c.retiredAt && (
                  <Button size="small" aria-label={`停用 ${c.name}`} onClick={() => setRetiring(c)}>
                    停用
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ChangeHistory kind="referrals" />
      <ChannelForm channel={editing} onClose={() => setEditing(null)} />
      <Modal
        title={`停用转办渠道 · ${retiring?.name ?? ''}`}
        open={retiring !== null}
        okText="停用"
        okButtonProps={{ danger: true }}
        cancelText="取消"
        confirmLoading={retire.busy}
        onOk={() => form.submit()}
        onCancel={() => setRetiring(null)}
        destroyOnHidden
      >
        <ProblemAlert error={retire.error} />
        <p>停用后受理台不再提供此渠道；已转办的工单仍显示渠道名称。</p>
        <Form
          name="retire"
          form={form}
          layout="vertical"
          onFinish={({ reason }) =>
            retiring &&
            void retire.save(() =>
              ok(
                api.POST('/admin/referral-channels/{code}/retire', {
                  params: { path: { code: retiring.code } },
                  body: { reason },
                }),
              ),
            )
          }
        >
          <ReasonField />
        </Form>
      </Modal>
    </Space>
  );
}
