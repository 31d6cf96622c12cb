/**
 * The console's one way to the API: openapi-fetch typed by the generated OpenAPI paths, the bearer
 * token of the session on every request, and every refusal turned into an ApiProblem carrying the
 * API's problem+json message. A 401 ends the session (back to sign-in, drafts kept).
 */
import createClient from 'openapi-fetch';
import { currentToken, expireSession } from '../session';
import type { paths } from './openapi';

export interface ProblemBody {
  status: number;
  code: string;
  detail?: string;
  errors?: { field: string; code?: string; message: string }[];
}

const PROBLEM_TITLE: Record<string, string> = {
  wrong_state: '当前状态不允许此操作',
  rule_violated: '不符合办理规则',
  forbidden: '无权执行此操作',
  not_found: '未找到（或无权查看）',
  validation_failed: '填写内容有误',
  unavailable: '服务暂不可用，请稍后重试',
  timeout: '服务响应超时，请稍后重试',
  rate_limited: '操作过于频繁，请稍后重试',
  unauthenticated: '登录已失效，请重新登录',
  // A retried intake whose first try did create the order, with fields changed since.
  idempotency_key_reused: '这次来电已生成工单，提交后改动的内容未保存：请打开该工单核对',
};

/** Text meant for a person: Chinese. The API's English details and codes are for machines and logs. */
const forPeople = (text: string | undefined) => (text && /\p{Script=Han}/u.test(text) ? text : undefined);

export class ApiProblem extends Error {
  constructor(readonly problem: ProblemBody) {
    const title = PROBLEM_TITLE[problem.code] ?? '请求被拒绝';
    const detail = forPeople(problem.detail) ?? problem.errors?.map((e) => forPeople(e.message)).find(Boolean);
    super(detail && detail !== title ? `${title}：${detail}` : title);
  }
}

export const api = createClient<paths>({ baseUrl: '' });

api.use({
  onRequest({ request }) {
    const token = currentToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && currentToken()) expireSession();
    return response;
  },
});

/** A fresh key per submitted form, so a retried click is applied once. */
export const idempotencyKey = () => `console-${crypto.randomUUID()}`;

/** The body of a successful answer, typed by the generated paths; a problem otherwise. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body = (error ?? {}) as Partial<ProblemBody>;
  throw new ApiProblem({ status: response.status, code: body.code ?? 'http_error', ...body } as ProblemBody);
}
