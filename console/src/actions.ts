/**
 * Which actions the order page offers a user, from the lifecycle table the workflow validates with
 * (domain/lifecycle.ts) plus the unit's part on the order; and what each asks for. The API still
 * decides: a refusal shows its message.
 */
import type { ActionName } from '../../domain/lifecycle';
import { refusal } from '../../domain/lifecycle';
import type { paths } from './api/openapi';
import type { OrderView } from './api/types';
import type { Session } from './session';

/** `extensionDate`: a new handling deadline, within the window the order view gives. */
export type FieldKind =
  'text' | 'reason' | 'unit' | 'assistingUnit' | 'instant' | 'extensionDate' | 'level' | 'choice' | 'clock';

export interface FieldSpec {
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  /** For `choice` and `level`: value → label; 'true' and 'false' are sent as booleans. */
  options?: [string | number, string][];
}

/** The action routes' paths after /orders/{orderId}/, as the OpenAPI document declares them. */
type ActionPath = keyof paths extends infer K ? (K extends `/orders/{orderId}/${infer S}` ? S : never) : never;

export interface ActionSpec {
  name: ActionName;
  path: ActionPath;
  fields: FieldSpec[];
  /** Ask for confirmation styling: the action ends or overrides something. */
  danger?: boolean;
}

const reason = (label = '理由'): FieldSpec => ({ name: 'reason', label, kind: 'reason', required: true });

export const ACTION_SPECS: ActionSpec[] = [
  { name: 'acknowledge', path: 'acknowledge', fields: [{ name: 'note', label: '签收备注', kind: 'text' }] },
  { name: 'addNote', path: 'notes', fields: [{ name: 'note', label: '办理进展', kind: 'reason', required: true }] },
  {
    name: 'contribute',
    path: 'contribution',
    fields: [{ name: 'note', label: '协办意见', kind: 'reason', required: true }],
  },
  {
    name: 'requestExtension',
    path: 'extension-request',
    fields: [reason('延期理由'), { name: 'newDueAt', label: '申请延期至', kind: 'extensionDate', required: true }],
  },
  {
    name: 'complete',
    path: 'complete',
    fields: [{ name: 'reply', label: '答复市民内容', kind: 'reason', required: true }],
  },
  { name: 'returnOrder', path: 'return', fields: [reason('退单理由')], danger: true },
  {
    name: 'rule',
    path: 'ruling',
    fields: [
      {
        name: 'decision',
        label: '裁定',
        kind: 'choice',
        required: true,
        options: [
          ['keep', '维持原承办单位'],
          ['reassign', '改派其他单位'],
        ],
      },
      { name: 'leadUnit', label: '改派至（改派时必填）', kind: 'unit' },
      reason('裁定理由'),
    ],
  },
  {
    name: 'decideExtension',
    path: 'extension-decision',
    fields: [
      {
        name: 'grant',
        label: '审批结果',
        kind: 'choice',
        required: true,
        options: [
          ['true', '批准'],
          ['false', '不予批准'],
        ],
      },
      { name: 'newDueAt', label: '批准延期至（默认按申请）', kind: 'extensionDate' },
      reason('审批意见'),
    ],
  },
  {
    name: 'reassign',
    path: 'reassign',
    fields: [{ name: 'leadUnit', label: '改派至', kind: 'unit', required: true }, reason()],
    danger: true,
  },
  {
    name: 'addAssisting',
    path: 'assisting-units',
    fields: [{ name: 'unit', label: '协办单位', kind: 'unit', required: true }, reason()],
  },
  {
    name: 'removeAssisting',
    path: 'assisting-units/remove',
    fields: [{ name: 'unit', label: '协办单位', kind: 'assistingUnit', required: true }, reason()],
  },
  {
    name: 'setDeadline',
    path: 'deadline',
    fields: [
      { name: 'clock', label: '时限', kind: 'clock', required: true },
      { name: 'dueAt', label: '新截止时间', kind: 'instant', required: true },
      reason(),
    ],
  },
  { name: 'pauseClock', path: 'pause', fields: [reason('暂停理由')] },
  { name: 'resumeClock', path: 'resume', fields: [reason('恢复理由')] },
  {
    name: 'escalate',
    path: 'escalate',
    fields: [
      {
        name: 'level',
        label: '提至',
        kind: 'level',
        required: true,
        options: [
          [1, 'L1 催办'],
          [2, 'L2 督办'],
          [3, 'L3 高位协调'],
        ],
      },
      reason(),
    ],
  },
  {
    name: 'deescalate',
    path: 'deescalate',
    fields: [
      {
        name: 'level',
        label: '降至',
        kind: 'level',
        required: true,
        options: [
          [0, '无'],
          [1, 'L1 催办'],
          [2, 'L2 督办'],
        ],
      },
      reason(),
    ],
  },
  {
    name: 'forceClose',
    path: 'force-close',
    fields: [{ name: 'justification', label: '结案理由', kind: 'reason', required: true }],
    danger: true,
  },
  {
    name: 'recordVisit',
    path: 'visit',
    fields: [
      {
        name: 'satisfaction',
        label: '满意度',
        kind: 'choice',
        required: true,
        options: [
          ['satisfied', '满意'],
          ['basically_satisfied', '基本满意'],
          ['dissatisfied', '不满意'],
        ],
      },
      {
        name: 'resolution',
        label: '解决情况',
        kind: 'choice',
        required: true,
        options: [
          ['resolved', '已解决'],
          ['partly', '部分解决'],
          ['unresolved', '未解决'],
        ],
      },
      { name: 'comment', label: '市民意见', kind: 'text' },
    ],
  },
  { name: 'recordFailedAttempt', path: 'visit-attempts', fields: [{ name: 'note', label: '情况说明', kind: 'text' }] },
  { name: 'clearQuality', path: 'quality/clear', fields: [reason('复核意见')] },
  { name: 'returnForQuality', path: 'quality/return', fields: [reason('退回理由')], danger: true },
  { name: 'withdraw', path: 'withdraw', fields: [reason('撤单理由')], danger: true },
];

/** The actions the user may take on the order now, as far as the console can tell. */
export function availableActions(view: OrderView, session: Session): ActionSpec[] {
  // The view carries the lifecycle phase behind the shown state (`escalated` at L3): nothing to guess.
  const { phase } = view;
  const lead = session.role === 'department' && view.leadUnit === session.unit;
  const assisting = view.assistingUnits.find((a) => a.unit === session.unit);
  // A clock can be paused while one runs, resumed while one is paused: as the view shows its clocks.
  const live = view.clocks.filter((c) => c.stoppedAt === null);
  const clockAllows: Partial<Record<ActionName, boolean>> = {
    pauseClock: live.some((c) => !c.paused),
    resumeClock: live.some((c) => c.paused),
  };
  // 质检复核: decided only while pending, and the return visit waits for it.
  const reviewing = view.quality?.review === 'pending';
  const qualityAllows: Partial<Record<ActionName, boolean>> = {
    clearQuality: reviewing,
    returnForQuality: reviewing,
    recordVisit: !reviewing,
    recordFailedAttempt: !reviewing,
  };
  const unitAllows: Partial<Record<ActionName, boolean>> = {
    acknowledge: lead ? phase === 'dispatched' : !!assisting && assisting.acknowledgedAt === null,
    returnOrder: lead,
    requestExtension: lead,
    complete: lead,
    contribute: !!assisting && assisting.contributedAt === null,
    addNote: lead || !!assisting,
  };
  return ACTION_SPECS.filter(
    (a) =>
      refusal(a.name, session.role, phase) === null &&
      (session.role !== 'department' || unitAllows[a.name]) &&
      clockAllows[a.name] !== false &&
      qualityAllows[a.name] !== false,
  );
}

/**
 * 上传照片 on the order page, and what the button says: the operator's 市民照片 while the order is open, the
 * lead unit's 办结照片 while it may 办结 (api/photos.ts); null for anyone else.
 */
export function photoUploadLabel(view: OrderView, session: Session): string | null {
  if (session.role === 'operator') return refusal('addPhoto', 'operator', view.phase) === null ? '上传市民照片' : null;
  const lead = session.role === 'department' && view.leadUnit === session.unit;
  return lead && refusal('complete', 'department', view.phase) === null ? '上传办结照片' : null;
}
