/** A knowledge-base article's form: title, the answer, where it files, keywords, the days it is valid, and why. */
import { DatePicker, Form, Input, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ok } from '../../../../api/client';
import { ReasonField } from '../../components/ReasonField';
import { EditDialog } from '../../components/Screen';
import { useEditForm } from '../../hooks/useSave';

interface Values {
  code: string;
  title: string;
  body: string;
  category: string;
  keywords: string[];
  validFrom: Dayjs;
  validTo: Dayjs | null;
  reason: string;
}
/** What the form opens with: an article to edit (by code), or a new one, maybe drafted from a question. */
export type ArticleDraft = { code: string } | { title?: string; category?: string } | null;

const DAY = 'YYYY-MM-DD';

export function ArticleForm(props: {
  draft: ArticleDraft;
  categories: { value: string; label: string }[];
  onClose: () => void;
}) {
  const editing = props.draft && 'code' in props.draft ? props.draft.code : null;
  const { form, save, busy, error } = useEditForm<Values>(
    props.draft,
    (f) => {
      if (editing) {
        void ok(api.GET('/kb/articles/{code}', { params: { path: { code: editing } } })).then((a) =>
          f.setFieldsValue({ ...a, validFrom: dayjs(a.validFrom), validTo: a.validTo ? dayjs(a.validTo) : null }),
        );
      } else if (props.draft) f.setFieldsValue({ ...props.draft, validFrom: dayjs() });
    },
    { onSaved: props.onClose },
  );

  const submit = ({ code, validFrom, validTo, ...article }: Values) =>
    save(() =>
      ok(
        api.PUT('/admin/kb/{code}', {
          params: { path: { code } },
          body: { ...article, validFrom: validFrom.format(DAY), validTo: validTo ? validTo.format(DAY) : null },
        }),
      ),
    );
  return (
    <EditDialog
      title={editing ? `编辑知识库条目 · ${editing}` : '新增知识库条目'}
      open={props.draft !== null}
      busy={busy}
      error={error}
      onSave={() => form.submit()}
      onClose={props.onClose}
      width={760}
    >
      <Form
        name="article"
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ keywords: [] }}
      >
        <Form.Item
          name="code"
          label="条目编号"
          rules={[{ required: true, pattern: /^[A-Z0-9_-]{2,32}$/, message: '2–32 位大写字母、数字、- 或下划线' }]}
        >
          <Input disabled={editing !== null} />
        </Form.Item>
        <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="category" label="所属分类" rules={[{ required: true, message: '请选择所属分类' }]}>
          <Select showSearch optionFilterProp="label" options={props.categories} />
        </Form.Item>
        <Form.Item name="keywords" label="关键词（输入后回车）" rules={[{ required: true, message: '至少一个关键词' }]}>
          <Select mode="tags" open={false} />
        </Form.Item>
        <Space size="large">
          <Form.Item name="validFrom" label="生效日期" rules={[{ required: true, message: '请选择生效日期' }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="validTo" label="失效日期（空为长期有效）">
            <DatePicker allowClear />
          </Form.Item>
        </Space>
        <Form.Item
          name="body"
          label="答复内容"
          rules={[{ required: true, whitespace: true, message: '请填写答复内容' }]}
        >
          <Input.TextArea rows={8} maxLength={10_000} showCount />
        </Form.Item>
        <ReasonField />
      </Form>
    </EditDialog>
  );
}
