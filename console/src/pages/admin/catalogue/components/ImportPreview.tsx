/**
 * 导入预览: what importing a catalogue file would do, category by category — added, changed (each field
 * before and after), removed — before anything is applied; applied only with a reason, and only if the
 * catalogue is still the version previewed.
 */
import { Alert, Form, Modal, Table, Tag, Typography } from 'antd';
import { ProblemAlert } from '../../../../components/Problem';
import { ReasonField } from '../../components/ReasonField';
import { useSave } from '../../hooks/useSave';
import { applyImport, FIELD_NAME, useFieldText, type CatalogueChanges, type Category } from '../hooks/useCatalogue';

interface Row {
  key: string;
  kind: '新增' | '修改' | '删除';
  category: Category;
  change: string;
}

const KIND_COLOR = { 新增: '#135200', 修改: '#873800', 删除: '#a8071a' } as const;

export function ImportPreview(props: {
  file: { name: string; csv: string; changes: CatalogueChanges } | null;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const text = useFieldText();
  const { save, busy, error } = useSave(form, { onSaved: props.onClose });
  const changes = props.file?.changes;
  const rows: Row[] = changes
    ? [
        ...changes.added.map((c) => ({
          key: `+${c.code}`,
          kind: '新增' as const,
          category: c,
          change: `牵头单位 ${text(c, 'leadUnit')}，${text(c, 'handlingLimit')}`,
        })),
        ...changes.changed.flatMap(({ before, after, fields }) =>
          fields.map((f) => ({
            key: `~${after.code}.${f}`,
            kind: '修改' as const,
            category: after,
            change: `${FIELD_NAME[f]}：${text(before, f)} → ${text(after, f)}`,
          })),
        ),
        ...changes.removed.map((c) => ({
          key: `-${c.code}`,
          kind: '删除' as const,
          category: c,
          change: '从目录中删除（已受理的工单不受影响）',
        })),
      ]
    : [];
  const summary = changes
    ? `新增 ${changes.added.length} 个，修改 ${changes.changed.length} 个，删除 ${changes.removed.length} 个，不变 ${changes.unchanged} 个`
    : '';
  return (
    <Modal
      title={`导入预览 · ${props.file?.name ?? ''}`}
      open={props.file !== null}
      okText="确认导入"
      cancelText="取消"
      okButtonProps={{ disabled: rows.length === 0 }}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      width={880}
      destroyOnHidden
    >
      <ProblemAlert error={error} />
      <Alert
        type={rows.length ? 'info' : 'success'}
        showIcon
        title={rows.length ? summary : '文件与现行目录相同，无需导入。'}
        style={{ marginBottom: 12 }}
      />
      <Table<Row>
        size="small"
        data-testid="import-preview"
        pagination={false}
        scroll={{ y: 360 }}
        dataSource={rows}
        columns={[
          { title: '变动', width: 80, render: (_, r) => <Tag color={KIND_COLOR[r.kind]}>{r.kind}</Tag> },
          { title: '分类', width: 200, render: (_, r) => <Typography.Text>{r.category.name}</Typography.Text> },
          { title: '代码', width: 170, render: (_, r) => r.category.code },
          { title: '内容', render: (_, r) => r.change },
        ]}
      />
      <Form
        name="catalogue-import"
        form={form}
        layout="vertical"
        style={{ marginTop: 12 }}
        onFinish={({ reason }) =>
          props.file && void save(() => applyImport(props.file!.csv, props.file!.changes.version, reason))
        }
      >
        <ReasonField />
      </Form>
    </Modal>
  );
}
