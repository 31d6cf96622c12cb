/** The intake form's values, and the API's create body made from them. */
import type { paths } from '../../api/openapi';

export type CreateBody = paths['/orders']['post']['requestBody']['content']['application/json'];

export interface IntakeValues {
  channel: CreateBody['channel'];
  orderType: CreateBody['orderType'];
  category?: string;
  /** 'catalogue': the catalogue's default urgency for the category. */
  urgency: CreateBody['urgency'] | 'catalogue';
  description?: string;
  incidentAddress?: string;
  name?: string;
  phone?: string;
  address?: string;
  /** 电子邮箱: optional; checked as the API checks it (domain/email.ts). */
  email?: string;
  /** 同意短信通知: asked of the caller at intake; nothing is sent without it. */
  smsConsent?: boolean;
  /** 来电情况: for the operators' load; never shown to units. */
  callerConduct?: NonNullable<CreateBody['callerConduct']>;
}

export const DEFAULTS: IntakeValues = { channel: 'phone', orderType: 'complaint', urgency: 'catalogue' };

/** Orders a unit handles and the citizen is called back on (a consultation is answered at once). */
export const NEEDS_CALLBACK: readonly CreateBody['orderType'][] = ['complaint', 'report', 'help'];

const blank = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

/** The API's create body from the form; empty fields left out. */
export function bodyOf(f: IntakeValues): Omit<CreateBody, 'description'> & { description?: string } {
  return {
    channel: f.channel,
    orderType: f.orderType,
    category: f.orderType === 'consultation' ? undefined : f.category,
    urgency: f.urgency === 'catalogue' ? undefined : f.urgency,
    description: blank(f.description),
    incidentAddress: blank(f.incidentAddress),
    citizen: {
      name: blank(f.name),
      phone: blank(f.phone),
      address: blank(f.address),
      email: blank(f.email),
      smsConsent: f.smsConsent ? true : undefined,
    },
    callerConduct: f.callerConduct?.length ? f.callerConduct : undefined,
  };
}

/** The form field an API error names (`body.citizen.phone` → `phone`), when the form has one. */
const FIELD_OF: Record<string, keyof IntakeValues> = {
  'body.description': 'description',
  'body.category': 'category',
  'body.urgency': 'urgency',
  'body.incidentAddress': 'incidentAddress',
  'body.citizen.name': 'name',
  'body.citizen.phone': 'phone',
  'body.citizen.address': 'address',
  'body.citizen.email': 'email',
};
export const formFieldOf = (apiField: string): keyof IntakeValues | undefined => FIELD_OF[apiField];
