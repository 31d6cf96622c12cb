/** Open311's pure rules: attributes from a form, their validation against the definition, the spec's times. */
import { describe, expect, it } from 'vitest';
import { attributesOfForm, open311Time, validateAttributes } from '../../domain/open311';

describe('attributesOfForm', () => {
  it('reads attribute[CODE] as one value and attribute[CODE][] as a list, ignoring other fields', () => {
    expect(
      attributesOfForm({
        api_key: 'k',
        'attribute[order_type]': 'complaint',
        'attribute[occurs][]': ['night', 'weekend'],
        'attribute[sms_consent]': 'yes',
      }),
    ).toEqual({ order_type: 'complaint', occurs: ['night', 'weekend'], sms_consent: 'yes' });
    expect(attributesOfForm({ 'attribute[occurs][]': 'night' })).toEqual({ occurs: ['night'] });
  });
});

describe('validateAttributes', () => {
  it('takes valid values', () => {
    expect(validateAttributes({ order_type: 'help', urgency: 'urgent', occurs: ['night'], sms_consent: 'no' })).toEqual(
      {
        errors: [],
        values: { orderType: 'help', urgency: 'urgent', occurs: ['night'], smsConsent: false },
      },
    );
  });

  it('names each attribute that is missing, unknown, not among its keys, or given twice for one value', () => {
    const { values, errors } = validateAttributes({
      colour: 'red',
      urgency: ['urgent', 'normal'],
      occurs: ['never'],
    });
    expect(values).toBeUndefined();
    expect(errors.map((e) => e.code)).toEqual([
      'attribute[colour]',
      'attribute[order_type]',
      'attribute[urgency]',
      'attribute[occurs]',
    ]);
    expect(errors.every((e) => /[\u4e00-\u9fff]/.test(e.description))).toBe(true);
  });

  it('refuses a consultation: it is answered on the phone, not filed', () => {
    expect(validateAttributes({ order_type: 'consultation' }).errors.map((e) => e.code)).toEqual([
      'attribute[order_type]',
    ]);
  });
});

describe('open311Time', () => {
  it('writes an instant in China time with its offset', () => {
    expect(open311Time(Date.parse('2026-12-07T20:32:04.445Z'))).toBe('2026-12-08T04:32:04+08:00');
    expect(open311Time(new Date('2026-01-01T00:00:00+08:00'))).toBe('2026-01-01T00:00:00+08:00');
  });
});
