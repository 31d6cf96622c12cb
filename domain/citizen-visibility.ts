/**
 * Who sees what of a citizen's contact (name, phone, address, email) on an order: the one rule every route that
 * answers with an order applies. The lead unit sees what it needs to handle the case, assisting units and
 * auditors and managers see it masked, the centre's operators, coordinators and return-visit agents see it in full.
 * 举报人保护: on a confidential order no unit, lead or assisting, ever learns who reported it.
 * Pure: importable by every layer.
 */
import { ROLES, type CitizenContact, type Role } from './order';

export const CONTACT_VISIBILITY = ['full', 'masked', 'none'] as const;
export type ContactVisibility = (typeof CONTACT_VISIBILITY)[number];

/** How a department stands to an order; the centre's roles are `none` (they read every order). */
export const UNIT_RELATIONS = ['lead', 'assisting', 'none'] as const;
export type UnitRelation = (typeof UNIT_RELATIONS)[number];

/**
 * Per role. Reviewers judge a disputed rating against how the unit handled it, never the caller; admins
 * and the workflow itself never read an order through the API.
 */
const BY_ROLE: Record<Role | 'system', (relation: UnitRelation, confidential: boolean) => ContactVisibility> = {
  operator: () => 'full',
  coordinator: () => 'full',
  visitor: () => 'full',
  auditor: () => 'masked',
  // The manager judges units by their figures and trails and never calls a citizen back: like the auditor,
  // who reads as much, the minimum necessary (个人信息保护法 §6) is the contact masked. A case that needs the
  // caller goes to a coordinator, whose full view the privacy log records.
  manager: () => 'masked',
  reviewer: () => 'none',
  // 抽查 judges the unit's handling and the operator's intake, not the caller.
  inspector: () => 'none',
  admin: () => 'none',
  system: () => 'none',
  department: (relation, confidential) => {
    if (confidential) return 'none';
    return relation === 'lead' ? 'full' : relation === 'assisting' ? 'masked' : 'none';
  },
};

export function contactVisibility(
  role: Role | 'system',
  relation: UnitRelation,
  confidential: boolean,
): ContactVisibility {
  return BY_ROLE[role](relation, confidential);
}

/**
 * The roles that see every citizen's contact in full, whatever the order: the only ones that may read
 * decoded payloads (the codec server can neither scope to a unit nor mask).
 */
export const ROLES_SEEING_EVERY_CONTACT: readonly Role[] = ROLES.filter((role) =>
  UNIT_RELATIONS.every((relation) =>
    [false, true].every((confidential) => contactVisibility(role, relation, confidential) === 'full'),
  ),
);

/** The caller's relation to an order from its unit; a unit that once held the order and lost it has none. */
export function unitRelation(
  unit: string | null,
  order: { leadUnit: string | null; assistingUnits: readonly { unit: string }[] },
): UnitRelation {
  if (unit === null) return 'none';
  if (order.leadUnit === unit) return 'lead';
  return order.assistingUnits.some((a) => a.unit === unit) ? 'assisting' : 'none';
}

/** 张三 → 张*: the family name only. */
export function maskName(name: string): string {
  const [first] = Array.from(name.trim());
  return first ? `${first}*` : '*';
}

/**
 * 13800138000 → 138****8000: the carrier prefix and the last four digits, as Chinese services print a
 * number. A +86/0086 prefix is dropped first, so every form of one number masks alike.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '').replace(/^(?:00)?86(?=1\d{10}$)/, '');
  if (digits.length >= 7) return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
  return `${'*'.repeat(Math.max(digits.length - 2, 1))}${digits.slice(-2)}`;
}

/**
 * The administrative divisions an address opens with, down to the street (街道), town (镇) or township
 * (乡): province, city, district or county. A 区 that ends 小区/社区/园区/校区/景区 is a residential
 * compound or campus, not a district, and is not kept.
 */
const DIVISIONS =
  /^(?:\p{Script=Han}{1,9}?(?:省|自治区))?(?:\p{Script=Han}{1,9}?(?:市|州|盟))?(?:\p{Script=Han}{1,9}?(?<![小社园校景])(?:区|县|旗))?(?:\p{Script=Han}{1,9}?(?:街道|镇|乡))?/u;

/** 江滨市临江区滨江街道幸福路12号 → 江滨市临江区滨江街道***: where, to the street, never the door. */
export function maskAddress(address: string): string {
  const kept = DIVISIONS.exec(address.trim())?.[0] ?? '';
  return kept === address.trim() && kept !== '' ? kept : `${kept}***`;
}

/** zhang.san@example.cn → z***@example.cn: the mailbox's first letter and its domain, as the phone keeps its prefix. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const [first] = Array.from(email.slice(0, Math.max(at, 0)));
  return at < 0 ? '***' : `${first ?? ''}***${email.slice(at)}`;
}

/** The contact as a caller with this visibility sees it; `none` shows no field at all. */
export function visibleContact(contact: CitizenContact, visibility: ContactVisibility): CitizenContact {
  if (visibility === 'full') return contact;
  if (visibility === 'none') return {};
  return {
    ...(contact.name ? { name: maskName(contact.name) } : {}),
    ...(contact.phone ? { phone: maskPhone(contact.phone) } : {}),
    ...(contact.address ? { address: maskAddress(contact.address) } : {}),
    ...(contact.email ? { email: maskEmail(contact.email) } : {}),
  };
}

/** Whether a view shows anything of the contact in full (what the privacy log records). */
export function showsContact(contact: CitizenContact, visibility: ContactVisibility): boolean {
  return visibility === 'full' && Boolean(contact.name || contact.phone || contact.address || contact.email);
}
