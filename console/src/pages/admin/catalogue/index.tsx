/**
 * 派单目录: every category with its lead and assisting units, urgency, handling class and limit — searched,
 * edited one by one, exported to CSV, or replaced by a CSV file after a preview of every change.
 */
import { Button, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import { editColumn, ScreenHeader, SearchBox } from '../components/Screen';
import { ProblemAlert } from '../../../components/Problem';
import { download } from '../../dashboard/components/sheet';
import { ChangeHistory } from '../components/ChangeHistory';
import { CategoryForm } from './components/CategoryForm';
import { ImportPreview } from './components/ImportPreview';
import {
  exportCsv,
  previewImport,
  useCatalogue,
  useFieldText,
  type CatalogueChanges,
  type Category,
} from './hooks/useCatalogue';

export default function Catalogue() {
  const { entries, error } = useCatalogue();
  const text = useFieldText();
  const [editing, setEditing] = useState<Category | 'new' | null>(null);
  const [search, setSearch] = useState('');
  const [file, setFile] = useState<{ name: string; csv: string; changes: CatalogueChanges } | null>(null);
  const [fileError, setFileError] = useState<Error | null>(null);

  const preview = async (f: File) => {
    setFileError(null);
    try {
      const csv = await f.text();
      setFile({ name: f.name, csv, changes: await previewImport(csv) });
    } catch (err) {
      setFileError(err as Error);
    }
  };
  const exportFile = () =>
    void exportCsv().then(
      (csv) => download(`派单目录_${new Date().toISOString().slice(0, 10)}.csv`, csv, 'text/csv'),
      setFileError,
    );

  const shown = entries.filter(
    (c) =>
      !search ||
      c.name.includes(search) ||
      c.code.includes(search) ||
      text(c, 'leadUnit').includes(search) ||
      text(c, 'assistingUnits').includes(search),
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ScreenHeader title="派单目录">
        <SearchBox label="搜索分类" placeholder="分类、代码或单位" onSearch={setSearch} />
        <Button type="primary" onClick={() => setEditing('new')}>
          新增分类
        </Button>
        <Upload accept=".csv,text/csv" showUploadList={false} beforeUpload={(f) => (void preview(f), false)}>
          <Button>导入逗号分隔文件…</Button>
        </Upload>
        <Button onClick={exportFile}>导出逗号分隔文件</Button>
      </ScreenHeader>
      <ProblemAlert error={error ?? fileError} />
      <Table<Category>
        rowKey="code"
        size="small"
        data-testid="catalogue"
        pagination={false}
        dataSource={shown}
        columns={[
          { title: '分类名称', dataIndex: 'name' },
          { title: '代码', dataIndex: 'code' },
          { title: '牵头单位', render: (_, c) => text(c, 'leadUnit') },
          { title: '协办单位', render: (_, c) => text(c, 'assistingUnits') },
          { title: '默认紧急程度', render: (_, c) => text(c, 'defaultUrgency'), width: 110 },
          { title: '办理类别', render: (_, c) => text(c, 'handlingClass'), width: 110 },
          { title: '办理时限', render: (_, c) => text(c, 'handlingLimit'), width: 110 },
          editColumn<Category>((c) => c.name, setEditing),
        ]}
      />
      <ChangeHistory kind="catalogue" />
      <CategoryForm category={editing} onClose={() => setEditing(null)} />
      <ImportPreview file={file} onClose={() => setFile(null)} />
    </Space>
  );
}
