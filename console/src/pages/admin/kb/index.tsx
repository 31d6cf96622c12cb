/**
 * 知识库: the articles operators answer consultations from (直接答复), each with the days it is valid and
 * whether it is in force today; created and edited with the reason recorded.
 */
import { Button, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { editColumn, ScreenHeader, SearchBox } from '../components/Screen';
import { ProblemAlert } from '../../../components/Problem';
import { ChangeHistory } from '../components/ChangeHistory';
import { ArticleForm, type ArticleDraft } from './components/ArticleForm';
import { useArticles, validityText, type ArticleItem } from './hooks/useArticles';

const VALIDITY_COLOR: Record<string, string> = { 在用: '#135200', 未生效: '#0050b3', 已失效: '#a8071a' };

export default function KnowledgeBase() {
  const { articles, categories, categoryName, error } = useArticles();
  const [draft, setDraft] = useState<ArticleDraft>(null);
  const [search, setSearch] = useState('');
  const today = dayjs().format('YYYY-MM-DD');
  const shown = articles.filter(
    (a) => !search || a.title.includes(search) || a.keywords.some((k) => k.includes(search)) || a.code.includes(search),
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ScreenHeader title="知识库">
        <SearchBox label="搜索条目" placeholder="标题、关键词或编号" onSearch={setSearch} />
        <Button type="primary" onClick={() => setDraft({})}>
          新增条目
        </Button>
      </ScreenHeader>
      <ProblemAlert error={error} />
      <Table<ArticleItem>
        rowKey="code"
        size="small"
        data-testid="kb-articles"
        pagination={false}
        dataSource={shown}
        columns={[
          { title: '标题', dataIndex: 'title' },
          { title: '编号', dataIndex: 'code', width: 100 },
          { title: '所属分类', render: (_, a) => categoryName(a.category), width: 180 },
          { title: '关键词', render: (_, a) => a.keywords.join('、') },
          { title: '生效日期', dataIndex: 'validFrom', width: 110 },
          { title: '失效日期', render: (_, a) => a.validTo ?? '长期', width: 110 },
          {
            title: '状态',
            width: 90,
            render: (_, a) => {
              const v = validityText(a, today);
              return <Tag color={VALIDITY_COLOR[v]}>{v}</Tag>;
            },
          },
          editColumn(
            (a) => a.title,
            (a) => setDraft({ code: a.code }),
          ),
        ]}
      />
      <ChangeHistory kind="kb" />
      <ArticleForm draft={draft} categories={categories} onClose={() => setDraft(null)} />
    </Space>
  );
}
