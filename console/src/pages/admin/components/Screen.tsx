/** What every administrator's screen is made of: its header with its actions, an edit button per row, the edit dialog. */
import { Button, Input, Modal, Space } from 'antd';
import type { ReactNode } from 'react';
import { ProblemAlert } from '../../../components/Problem';

export function ScreenHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
      <h1 style={{ fontSize: 20, margin: 0 }}>{title}</h1>
      <Space wrap>{children}</Space>
    </Space>
  );
}

/** A search as one types, over what the screen lists. */
export const SearchBox = (props: { label: string; placeholder: string; onSearch: (text: string) => void }) => (
  <Input
    aria-label={props.label}
    placeholder={props.placeholder}
    allowClear
    onChange={(e) => props.onSearch(e.target.value.trim())}
  />
);

/** The 操作 column: 编辑, named for the row it edits. */
export const editColumn = <T,>(nameOf: (row: T) => string, edit: (row: T) => void) => ({
  title: '操作',
  width: 80,
  render: (_: unknown, row: T) => (
    <Button size="small" aria-label={`编辑 ${nameOf(row)}`} onClick={() => edit(row)}>
      编辑
    </Button>
  ),
});

/** A dialog around an edit form: the API's refusal above it, 保存 submits it. */
export function EditDialog(props: {
  title: string;
  open: boolean;
  busy: boolean;
  error: Error | null;
  onSave: () => void;
  onClose: () => void;
  okText?: string;
  width?: number;
  children: ReactNode;
}) {
  return (
    <Modal
      title={props.title}
      open={props.open}
      okText={props.okText ?? '保存'}
      cancelText="取消"
      confirmLoading={props.busy}
      onOk={props.onSave}
      onCancel={props.onClose}
      width={props.width ?? 640}
      // Rendered while closed too, so the form is connected before it is first filled.
      forceRender
    >
      <ProblemAlert error={props.error} />
      {props.children}
    </Modal>
  );
}
