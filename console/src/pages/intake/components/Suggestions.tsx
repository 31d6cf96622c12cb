/**
 * 知识库建议: the articles that answer what the caller said (none when nothing is relevant). Opening one
 * shows its text in a drawer; only from there does the operator answer the caller with it (直接答复).
 * Alt+1…3 opens the first three from the keyboard.
 */
import { Alert, Button, Card, Drawer, Empty, List, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, ok } from '../../../api/client';
import type { KbHit } from '../../../api/types';
import { useLoad } from '../../../hooks';

export function Suggestions(props: {
  hits: KbHit[] | undefined;
  loading: boolean;
  asked: boolean;
  busy: boolean;
  onAnswer: (hit: KbHit) => void;
}) {
  const [open, setOpen] = useState<KbHit | null>(null);
  const { hits } = props;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const n = Number(e.key);
      if (!e.altKey || !(n >= 1 && n <= 3) || !hits?.[n - 1]) return;
      e.preventDefault();
      setOpen(hits[n - 1]!);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [hits]);

  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>知识库建议</h2>} size="small" data-testid="kb-suggestions">
      {hits?.length ? (
        <List
          dataSource={hits}
          renderItem={(h, i) => (
            <List.Item
              actions={[
                <Button key="read" size="small" onClick={() => setOpen(h)}>
                  查看并答复（Alt+{i + 1}）
                </Button>,
              ]}
            >
              {h.title}
            </List.Item>
          )}
        />
      ) : (
        <Empty
          description={
            props.loading ? '正在查找相关知识…' : props.asked ? '知识库中没有相关答复' : '输入诉求内容后显示相关知识'
          }
          image={Empty.PRESENTED_IMAGE_SIMPLE}
        />
      )}
      {open && <ArticleDrawer hit={open} busy={props.busy} onClose={() => setOpen(null)} onAnswer={props.onAnswer} />}
    </Card>
  );
}

function ArticleDrawer(props: { hit: KbHit; busy: boolean; onClose: () => void; onAnswer: (hit: KbHit) => void }) {
  const { hit } = props;
  const article = useLoad(['kb-article', hit.code], () =>
    ok(api.GET('/kb/articles/{code}', { params: { path: { code: hit.code } } })),
  );
  const answer = useRef<HTMLButtonElement>(null);
  const answerable = article.data?.inForce === true;
  // Enter answers once the operator has the article in front of them (the button waits for it).
  useEffect(() => {
    if (answerable) answer.current?.focus();
  }, [answerable]);
  return (
    <Drawer
      open
      title={hit.title}
      size="large"
      onClose={props.onClose}
      closable={{ 'aria-label': '关闭' }}
      footer={
        <Button
          type="primary"
          ref={answer}
          loading={props.busy}
          disabled={!answerable}
          onClick={() => props.onAnswer(hit)}
        >
          按此答复并办结
        </Button>
      }
    >
      {article.data ? (
        <>
          {!article.data.inForce && <Alert type="warning" showIcon title="该条目已不在有效期内，不能据此答复" />}
          <Typography.Paragraph data-testid="kb-article-body" style={{ whiteSpace: 'pre-wrap' }}>
            {article.data.body}
          </Typography.Paragraph>
          <Typography.Text type="secondary">
            有效期：{article.data.validFrom} 起{article.data.validTo ? `，至 ${article.data.validTo}` : ''}
          </Typography.Text>
        </>
      ) : (
        <Spin aria-label="加载中" />
      )}
    </Drawer>
  );
}
