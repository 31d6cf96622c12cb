/** 变更记录: the versions of a reference data set, each with when, who and why. */
import { Card, Table } from 'antd';
import { api, ok } from '../../../api/client';
import type { Answer } from '../../../api/types';
import { ProblemAlert } from '../../../components/Problem';
import { useLoad, useLookups } from '../../../hooks';
import { formatTime } from '../../../labels';

/** The latest changes; the whole history is GET /admin/versions/{kind}. */
const SHOWN = 10;

type Kind = 'units' | 'catalogue' | 'calendar' | 'referrals' | 'kb';
type Version = Answer<'/admin/versions/{kind}', 'get'>['versions'][number];

type Names = ReturnType<typeof useLookups>;

/** What the system wrote for each change (db/admin.ts notes), as the administrator reads it. */
const NOTES: [RegExp, (names: Names, ...m: string[]) => string][] = [
  [/^unit (\S+)$/, (n, code) => `单位：${n.unitName(code)}`],
  [/^category (\S+)$/, (n, code) => `分类：${n.categoryName(code)}`],
  [/^CSV import of (\d+) categories$/, (_, count) => `导入派单目录，共 ${count} 个分类`],
  [/^calendar (\d+)$/, (_, year) => `${year} 年工作日历`],
  [/^referral channel (\S+) retired$/, (_, code) => `停用转办渠道（${code}）`],
  [/^referral channel (\S+)$/, (_, code) => `转办渠道（${code}）`],
  [/^article (\S+)$/, (_, code) => `知识库条目（${code}）`],
  [/^demo city$/, () => '初始数据'],
];
const noteText = (names: Names, note: string | null) => {
  for (const [pattern, say] of NOTES) {
    const m = note === null ? null : pattern.exec(note);
    if (m) return say(names, ...m.slice(1));
  }
  return '—';
};
/** Who: the seed and scripts by what they are, a person by their login name. */
const whoText = (by: string) => (by === 'seed' ? '系统初始化' : by);

export function ChangeHistory({ kind }: { kind: Kind }) {
  const names = useLookups();
  const versions = useLoad(['admin', 'versions', kind], () =>
    ok(api.GET('/admin/versions/{kind}', { params: { path: { kind } } })),
  );
  return (
    <Card title={`变更记录（最近 ${SHOWN} 次）`} size="small">
      <ProblemAlert error={versions.error} />
      <Table<Version>
        rowKey="version"
        size="small"
        data-testid={`history-${kind}`}
        pagination={false}
        dataSource={(versions.data?.versions ?? []).slice(0, SHOWN)}
        columns={[
          { title: '版本', dataIndex: 'version', width: 70 },
          { title: '时间', render: (_, v) => formatTime(v.publishedAt), width: 170 },
          { title: '修改人', render: (_, v) => whoText(v.publishedBy), width: 140 },
          { title: '内容', render: (_, v) => noteText(names, v.note) },
          { title: '变更原因', render: (_, v) => v.reason ?? '未填写' },
        ]}
      />
    </Card>
  );
}
