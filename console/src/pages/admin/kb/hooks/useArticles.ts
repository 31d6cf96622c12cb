/** The knowledge base as the administrator keeps it: articles with their validity, and the topics they file under. */
import { api, ok } from '../../../../api/client';
import type { Answer } from '../../../../api/types';
import { useLoad, useLookups } from '../../../../hooks';

export type ArticleItem = Answer<'/admin/kb', 'get'>['articles'][number];

export function useArticles() {
  const loaded = useLoad(['admin', 'kb'], () => ok(api.GET('/admin/kb')));
  const { lookups } = useLookups();
  /** Catalogue categories and consultation topics: what an article may be filed under. */
  const categories = [
    ...(lookups?.categories ?? []).map((c) => ({ value: c.code, label: c.name })),
    ...(loaded.data?.topics ?? []).map((t) => ({ value: t.code, label: t.name })),
  ];
  const categoryName = (code: string) => categories.find((c) => c.value === code)?.label ?? '未归类';
  return { ...loaded, articles: loaded.data?.articles ?? [], categories, categoryName };
}

/** 在用, or why not: not yet in force, or past its last day. */
export function validityText(a: Pick<ArticleItem, 'inForce' | 'validFrom'>, today: string): string {
  if (a.inForce) return '在用';
  return a.validFrom > today ? '未生效' : '已失效';
}
