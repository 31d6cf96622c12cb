import { describe, expect, it } from 'vitest';
import { contactPhoneProblem } from '../../domain/phone';

describe('contactPhoneProblem: a number the centre can call back', () => {
  it.each([
    '13800138000',
    '138 0013 8000',
    '+86 138-0013-8000',
    '0086 13800138000',
    '8613800138000',
    '19912345678',
    '010-62345678',
    '(010) 6234 5678',
    '+86 10 6234 5678',
    '020-87654321',
    '0571-87654321',
    '0571 8765432',
    '+44 20 7946 0958',
  ])('accepts %s', (phone) => {
    expect(contactPhoneProblem(phone)).toBeNull();
  });

  it.each([
    ['12345', '12345 是本热线的号码'],
    ['1380013800', '只有 10 位'],
    ['95598', '号码太短'],
    ['62345678', '座机须带区号'],
    ['138001380001', '不是有效的电话号码'],
    ['12800138000', '不是有效的电话号码'],
    ['0108765432', '不是有效的电话号码'],
  ])('refuses %s in Chinese', (phone, message) => {
    expect(contactPhoneProblem(phone)).toContain(message);
  });
});
