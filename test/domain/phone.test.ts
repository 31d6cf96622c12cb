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
    ])
      expect(normalisePhone(typed), typed).toBe('+8613800138000');
  });

  it('writes mainland landlines without their trunk 0, and foreign numbers by their country code', () => {
    expect(normalisePhone('010-6234 5678')).toBe('+861062345678');
    expect(normalisePhone('+86 10 6234 5678')).toBe('+861062345678');
    expect(normalisePhone('+86 (0)10 6234 5678')).toBe('+861062345678');
    expect(normalisePhone('0086 10 6234 5678')).toBe('+861062345678');
    expect(normalisePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalisePhone('0044 20 7946 0958')).toBe('+442079460958');
    expect(normalisePhone('62345678')).toBe('62345678');
  });

  it('identifies one requester by one key, the same key numbers typed plainly always had', () => {
    // The digits as typed were the key before normalisation: stored hashes of these forms stay valid.
    expect(requesterKey('13800138000')).toBe('13800138000');
    expect(requesterKey('+86 138 0013 8000')).toBe('13800138000');
    expect(requesterKey('0086 13800138000')).toBe('13800138000');
    expect(requesterKey('01062345678')).toBe('01062345678');
    expect(requesterKey('+86 10 6234 5678')).toBe('01062345678');
    expect(requesterKey('+44 20 7946 0958')).toBe('442079460958');
    expect(requesterKey('0044 20 7946 0958')).toBe('442079460958');
    expect(requesterKey('13800138001')).not.toBe(requesterKey('13800138000'));
  });
});
