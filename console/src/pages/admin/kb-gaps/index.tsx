/**
 * 知识库缺口: questions the knowledge base could not answer, handed to the responsible unit to write the
 * answer; an article can be drafted from a question here.
 */
import { Button, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, ok } from '../../../api/client';
import type { Answer } from '../../../api/types';
import { ProblemAlert } from '../../../components/Problem';
import { useLoad, useLookups } from '../../../hooks';
import { formatTime } from '../../../labels';
import { ArticleForm, type ArticleDraft } from '../kb/components/ArticleForm';
import { useArticles } from '../kb/hooks/useArticles';

type Gap = Answer<'/kb/gaps', 'get'>['items'][number];

export default function KnowledgeGaps() {
  const gaps = useLoad(['admin', 'kb-gaps'], () => ok(api.GET('/kb/gaps')));
  const { unitName } = useLookups();
  const { categories, categoryName } = useArticles();
  const [draft, setDraft] = useState<ArticleDraft>(null);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <h1 style={{ fontSize: 20, margin: 0 }}>知识库缺口 · 知识库未能解答的问题</h1>
      <ProblemAlert error={gaps.error} />
      <Table<Gap>
        rowKey="id"
        size="small"
        data-testid="kb-gaps"
        pagination={false}
        locale={{ emptyText: '暂无未解答的问题' }}
        dataSource={gaps.data?.items ?? []}
        columns={[
          { title: '提出时间', render: (_, g) => formatTime(g.createdAt), width: 170 },
          { title: '问题', dataIndex: 'question' },
          { title: '分类', render: (_, g) => (g.category ? categoryName(g.category) : '未归类'), width: 160 },
          { title: '负责补充的单位', render: (_, g) => unitName(g.unit), width: 220 },
          { title: '工单', render: (_, g) => g.orderId ?? '—', width: 170 },
          {
            title: '状态',
            width: 90,
            render: (_, g) =>
              g.status === 'open' ? <Tag color="#873800">待补充</Tag> : <Tag color="#135200">已补充</Tag>,
          },
          {
            title: '操作',
            width: 110,
            render: (_, g) => (
              <Button size="small" onClick={() => setDraft({ title: g.question, category: g.category ?? undefined })}>
                据此新增条目
              </Button>
            ),
          },
        ]}
      />
      <ArticleForm draft={draft} categories={categories} onClose={() => setDraft(null)} />
    </Space>
  );
}
