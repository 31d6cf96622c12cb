/** Phone numbers normalised before they identify a requester: one person, however the number was typed. */
import { describe, expect, it } from 'vitest';
import { normalisePhone, requesterKey } from '../../domain/phone';

describe('phone numbers', () => {
  it('writes mainland mobile numbers in E.164 whatever the prefix and separators', () => {
    for (const typed of [
      '13800138000',
      '+8613800138000',
      '+86 138 0013 8000',
      '008613800138000',
      '0086-138-0013-8000',
      '8613800138000',
      '138-0013-8000',
      '(+86) 138 0013 8000',
      // The international prefix written twice (#25 item 5): was a requester of its own.
      '+0086 138 0013 8000',
      '+008613800138000',
    ])
      expect(normalisePhone(typed), typed).toBe('+8613800138000');
  });

  it('writes mainland landlines without their trunk 0, and foreign numbers by their country code', () => {
    for (const [typed, e164] of [
      ['010-6234 5678', '+861062345678'],
      ['+86 10 6234 5678', '+861062345678'],
      ['+86 (0)10 6234 5678', '+861062345678'],
      ['0086 10 6234 5678', '+861062345678'],
      ['+44 20 7946 0958', '+442079460958'],
      ['0044 20 7946 0958', '+442079460958'],
      ['62345678', '62345678'],
    ] as const)
      expect(normalisePhone(typed), typed).toBe(e164);
  });

  it('identifies one requester by one key, the same key numbers typed plainly always had', () => {
    // The digits as typed were the key before normalisation: stored hashes of these forms stay valid.
    for (const [typed, key] of [
      ['13800138000', '13800138000'],
      ['+86 138 0013 8000', '13800138000'],
      ['0086 13800138000', '13800138000'],
      ['01062345678', '01062345678'],
      ['+86 10 6234 5678', '01062345678'],
      ['+44 20 7946 0958', '442079460958'],
      ['0044 20 7946 0958', '442079460958'],
    ] as const)
      expect(requesterKey(typed), typed).toBe(key);
    expect(requesterKey('13800138001')).not.toBe(requesterKey('13800138000'));
  });
});
