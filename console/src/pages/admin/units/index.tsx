/**
 * 单位管理: every unit with its kind, the district it belongs to, the unit above it in the escalation chain,
 * the backstop unit and its duty contact; created and edited with the reason recorded.
 */
import { Button, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { editColumn, ScreenHeader, SearchBox } from '../components/Screen';
import { ProblemAlert } from '../../../components/Problem';
import { UNIT_KIND } from '../../../labels';
import { ChangeHistory } from '../components/ChangeHistory';
import { UnitForm } from './components/UnitForm';
import { districtOf, useUnits, type Unit, type UnitContact } from './hooks/useUnits';

const contactOf = (u: Unit) => (u.contact ?? {}) as UnitContact;

export default function Units() {
  const { units, byCode, error } = useUnits();
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);
  const [search, setSearch] = useState('');
  const shown = units.filter((u) => !search || u.name.includes(search) || u.code.includes(search.toUpperCase()));
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ScreenHeader title="单位管理">
        <SearchBox label="搜索单位" placeholder="单位名称或代码" onSearch={setSearch} />
        <Button type="primary" onClick={() => setEditing('new')}>
          新增单位
        </Button>
      </ScreenHeader>
      <ProblemAlert error={error} />
      <Table<Unit>
        rowKey="code"
        size="small"
        data-testid="units"
        pagination={false}
        dataSource={shown}
        columns={[
          { title: '单位名称', dataIndex: 'name' },
          { title: '代码', dataIndex: 'code', width: 90 },
          { title: '类型', render: (_, u) => UNIT_KIND[u.kind], width: 110 },
          { title: '所属区县', render: (_, u) => districtOf(byCode, u.code)?.name ?? '市级', width: 180 },
          {
            title: '上级单位',
            render: (_, u) => (u.parentCode ? (byCode.get(u.parentCode)?.name ?? u.parentCode) : '—'),
          },
          { title: '兜底', render: (_, u) => (u.isBackstop ? <Tag color="#0050b3">兜底单位</Tag> : null), width: 90 },
          { title: '值班电话', render: (_, u) => contactOf(u).dutyPhone ?? '未登记', width: 140 },
          { title: '值班联系人', render: (_, u) => contactOf(u).liaison ?? '—', width: 110 },
          editColumn<Unit>((u) => u.name, setEditing),
        ]}
      />
      <ChangeHistory kind="units" />
      <UnitForm unit={editing} units={units} onClose={() => setEditing(null)} />
    </Space>
  );
}
