/** A policy beside the version in force, setting by setting, the settings that differ marked. */
import { Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { policyDiff, type SettingChange } from '../../../../../../domain/policy-settings';
import type { SlaPolicy } from '../../../../../../domain/types';
import { settingText } from '../settings';

type Settings = Omit<SlaPolicy, 'version'>;

export function PolicyDiff(props: { inForce: Settings; other: Settings; inForceLabel: string; otherLabel: string }) {
  const [onlyChanged, setOnlyChanged] = useState(true);
  const rows = policyDiff(props.inForce, props.other);
  const changed = rows.filter((r) => r.changed).length;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Typography.Text strong data-testid="diff-count">
          {changed ? `与现行版本不同的设置：${changed} 项` : '与现行版本相同'}
        </Typography.Text>
        <Switch checked={onlyChanged} onChange={setOnlyChanged} aria-label="只看不同的设置" />
        <span>只看不同的设置</span>
      </Space>
      <Table<SettingChange>
        rowKey={(r) => r.setting.path}
        size="small"
        data-testid="policy-diff"
        pagination={false}
        dataSource={onlyChanged ? rows.filter((r) => r.changed) : rows}
        rowClassName={(r) => (r.changed ? 'policy-changed' : '')}
        onRow={(r) => ({ style: r.changed ? { background: '#fffbe6' } : {} })}
        columns={[
          { title: '类别', width: 150, render: (_, r) => r.setting.group },
          { title: '设置', render: (_, r) => r.setting.name },
          { title: props.inForceLabel, width: 200, render: (_, r) => settingText(r.setting, r.before) },
          {
            title: props.otherLabel,
            width: 240,
            render: (_, r) =>
              r.changed ? (
                <Space>
                  <Typography.Text strong>{settingText(r.setting, r.after)}</Typography.Text>
                  <Tag color="#873800">已改</Tag>
                </Space>
              ) : (
                settingText(r.setting, r.after)
              ),
          },
        ]}
      />
    </Space>
  );
}
