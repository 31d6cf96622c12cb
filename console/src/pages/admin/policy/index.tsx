/**
 * 考核与时限政策: the version in force and every earlier one, each shown as a diff against the version in
 * force (limits per handling class and urgency, reminder thresholds, escalation triggers, KPI weights,
 * repeat and review thresholds), with who published it and why; a new version is drafted from the one in
 * force and published with a reason. Running orders keep the version they started under.
 */
import { Button, Card, Descriptions, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { ScreenHeader } from '../components/Screen';
import { ProblemAlert } from '../../../components/Problem';
import { formatTime } from '../../../labels';
import { policyDiff } from '../../../../../domain/policy-settings';
import { PolicyDiff } from './components/PolicyDiff';
import { PolicyForm } from './components/PolicyForm';
import { usePolicies, type PolicyVersion } from './hooks/usePolicies';

const who = (by: string) => (by === 'seed' ? '系统初始化' : by);

export default function Policy() {
  const { versions, inForce, error } = usePolicies();
  const [drafting, setDrafting] = useState(false);
  const [compared, setCompared] = useState<number | null>(null);
  const other = versions.find((v) => v.version === compared);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ScreenHeader title="考核与时限政策">
        <Button type="primary" disabled={!inForce || drafting} onClick={() => setDrafting(true)}>
          新建版本
        </Button>
      </ScreenHeader>
      <ProblemAlert error={error} />
      {inForce && (
        <Card size="small" title={`现行版本：第 ${inForce.version} 版`} data-testid="policy-in-force">
          <Descriptions size="small" column={3}>
            <Descriptions.Item label="发布时间">{formatTime(inForce.publishedAt)}</Descriptions.Item>
            <Descriptions.Item label="发布人">{who(inForce.publishedBy)}</Descriptions.Item>
            <Descriptions.Item label="变更原因">{inForce.reason ?? '未填写'}</Descriptions.Item>
          </Descriptions>
          <Typography.Text type="secondary">
            新受理的工单按现行版本计时；已在办理的工单沿用受理时的版本。
          </Typography.Text>
        </Card>
      )}
      {drafting && inForce && <PolicyForm inForce={inForce} onDone={() => setDrafting(false)} />}
      <Card size="small" title="历史版本">
        <Table<PolicyVersion>
          rowKey="version"
          size="small"
          data-testid="policy-versions"
          pagination={false}
          dataSource={versions}
          columns={[
            { title: '版本', render: (_, v) => `第 ${v.version} 版`, width: 90 },
            { title: '发布时间', render: (_, v) => formatTime(v.publishedAt), width: 170 },
            { title: '发布人', render: (_, v) => who(v.publishedBy), width: 140 },
            { title: '变更原因', render: (_, v) => v.reason ?? '未填写' },
            {
              title: '与现行版本相比',
              width: 150,
              render: (_, v) =>
                v.version === inForce?.version
                  ? '现行版本'
                  : inForce && `${policyDiff(inForce.policy, v.policy).filter((r) => r.changed).length} 项不同`,
            },
            {
              title: '操作',
              width: 90,
              render: (_, v) =>
                v.version !== inForce?.version && (
                  <Button size="small" aria-label={`对比第 ${v.version} 版`} onClick={() => setCompared(v.version)}>
                    对比
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      {other && inForce && (
        <Card
          size="small"
          title={`第 ${other.version} 版与现行第 ${inForce.version} 版对比`}
          extra={
            <Button size="small" onClick={() => setCompared(null)}>
              收起
            </Button>
          }
        >
          <PolicyDiff
            inForce={inForce.policy}
            other={other.policy}
            inForceLabel={`现行（第 ${inForce.version} 版）`}
            otherLabel={`第 ${other.version} 版`}
          />
        </Card>
      )}
    </Space>
  );
}
