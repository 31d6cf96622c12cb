/** Who sees a citizen's contact (domain/citizen-visibility): the whole matrix, and what masking leaves. */
import { describe, expect, it } from 'vitest';
import {
  contactVisibility,
  maskAddress,
  maskEmail,
  maskName,
  maskPhone,
  ROLES_SEEING_EVERY_CONTACT,
  showsContact,
  UNIT_RELATIONS,
  unitRelation,
  visibleContact,
  type ContactVisibility,
  type UnitRelation,
} from '../../domain/citizen-visibility';
import { ROLES } from '../../domain/order';

/** Written out by hand, not derived: [role][relation] → [ordinary order, confidential order]. */
const MATRIX: Record<(typeof ROLES)[number], Record<UnitRelation, [ContactVisibility, ContactVisibility]>> = {
  operator: { lead: ['full', 'full'], assisting: ['full', 'full'], none: ['full', 'full'] },
  coordinator: { lead: ['full', 'full'], assisting: ['full', 'full'], none: ['full', 'full'] },
  visitor: { lead: ['full', 'full'], assisting: ['full', 'full'], none: ['full', 'full'] },
  auditor: { lead: ['masked', 'masked'], assisting: ['masked', 'masked'], none: ['masked', 'masked'] },
  manager: { lead: ['masked', 'masked'], assisting: ['masked', 'masked'], none: ['masked', 'masked'] },
  reviewer: { lead: ['none', 'none'], assisting: ['none', 'none'], none: ['none', 'none'] },
  inspector: { lead: ['none', 'none'], assisting: ['none', 'none'], none: ['none', 'none'] },
  admin: { lead: ['none', 'none'], assisting: ['none', 'none'], none: ['none', 'none'] },
  department: { lead: ['full', 'none'], assisting: ['masked', 'none'], none: ['none', 'none'] },
};

const CONTACT = {
  name: '张三',
  phone: '13800138000',
  address: '江滨市临江区滨江街道幸福路12号3栋501',
  email: 'zhangsan@example.cn',
};

describe('contact visibility', () => {
  for (const role of ROLES) {
    for (const relation of UNIT_RELATIONS) {
      for (const [i, confidential] of [false, true].entries()) {
        it(`${role} (${relation}) on a${confidential ? ' confidential' : 'n ordinary'} order: ${MATRIX[role][relation][i]}`, () => {
          expect(contactVisibility(role, relation, confidential)).toBe(MATRIX[role][relation][i]);
        });
      }
    }
  }

  it('only operators, coordinators and visitors see every contact in full: the codec server admits them alone', () => {
    expect([...ROLES_SEEING_EVERY_CONTACT].sort()).toEqual(['coordinator', 'operator', 'visitor']);
  });

  it('the workflow itself (system) sees nothing through the API', () => {
    expect(contactVisibility('system', 'none', false)).toBe('none');
  });

  it('a unit is lead, assisting or neither by the order as it stands now', () => {
    const order = { leadUnit: 'CGJ', assistingUnits: [{ unit: 'ZJJ' }] };
    expect(unitRelation('CGJ', order)).toBe('lead');
    expect(unitRelation('ZJJ', order)).toBe('assisting');
    expect(unitRelation('STHJ', order)).toBe('none');
    expect(unitRelation(null, { leadUnit: null, assistingUnits: [] })).toBe('none');
  });
});

describe('masking', () => {
  it('keeps the carrier prefix and the last four digits of a phone number, whatever its prefix', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('+86 138-0013-8000')).toBe('138****8000');
    expect(maskPhone('008613800138000')).toBe('138****8000');
    expect(maskPhone('0571-88881234')).toBe('057*****1234');
    expect(maskPhone('12345')).toBe('***45');
  });

  it('keeps the first letter of an email’s mailbox and its domain', () => {
    expect(maskEmail('zhangsan@example.cn')).toBe('z***@example.cn');
    expect(maskEmail('张三@例子.中国')).toBe('张***@例子.中国');
    expect(maskEmail('@example.cn')).toBe('***@example.cn');
    expect(maskEmail('no-at-sign')).toBe('***');
  });

  it('keeps the family name only', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧*');
    expect(maskName('𠀋一')).toBe('𠀋*');
    expect(maskName('  ')).toBe('*');
  });

  it('keeps an address down to the street, town or district, never a compound, building or door', () => {
    expect(maskAddress('江滨市临江区滨江街道幸福路12号3栋501')).toBe('江滨市临江区滨江街道***');
    expect(maskAddress('浙江省杭州市西湖区文新街道学院路77号')).toBe('浙江省杭州市西湖区文新街道***');
    expect(maskAddress('临江区阳光小区3栋2单元')).toBe('临江区***');
    expect(maskAddress('阳光小区3栋2单元')).toBe('***');
    expect(maskAddress('青山县白石镇石桥村5组')).toBe('青山县白石镇***');
    expect(maskAddress('幸福路12号')).toBe('***');
    expect(maskAddress('江滨市临江区')).toBe('江滨市临江区');
  });

  it('shows every field, masked fields, or none, and records only a full view of something', () => {
    expect(visibleContact(CONTACT, 'full')).toEqual(CONTACT);
    expect(visibleContact(CONTACT, 'masked')).toEqual({
      name: '张*',
      phone: '138****8000',
      address: '江滨市临江区滨江街道***',
      email: 'z***@example.cn',
    });
    expect(visibleContact({ phone: '13800138000' }, 'masked')).toEqual({ phone: '138****8000' });
    expect(visibleContact(CONTACT, 'none')).toEqual({});
    expect(showsContact(CONTACT, 'full')).toBe(true);
    expect(showsContact(CONTACT, 'masked')).toBe(false);
    expect(showsContact({}, 'full')).toBe(false);
    expect(showsContact({ email: 'a@b.cn' }, 'full')).toBe(true);
  });
});
