/**
 * Demo city units: the 12345 hotline centre of 江滨市 (a fictional city) and the district-level units of
 * its 临江区, whose government is the backstop unit (兜底). `parentCode` is the escalation chain
 * (督办 goes one level up): departments → 临江区人民政府 → the hotline centre; utilities → the
 * department that supervises their sector.
 */
import type { Unit } from '../../domain/types';

export const DEMO_UNITS: Unit[] = [
  {
    code: 'CENTRE',
    name: '江滨市12345政务服务便民热线中心',
    kind: 'centre',
    parentCode: null,
    isBackstop: false,
  },
  {
    code: 'LJQ',
    name: '江滨市临江区人民政府',
    kind: 'district',
    parentCode: 'CENTRE',
    isBackstop: true,
  },
  {
    code: 'SCJG',
    name: '临江区市场监督管理局',
    kind: 'department',
    parentCode: 'LJQ',
    isBackstop: false,
  },
  {
    code: 'ZJJ',
    name: '临江区住房和城乡建设局',
    kind: 'department',
    parentCode: 'LJQ',
    isBackstop: false,
  },
  {
    code: 'CGJ',
    name: '临江区城市管理综合执法局',
    kind: 'department',
    parentCode: 'LJQ',
    isBackstop: false,
  },
  {
    code: 'STHJ',
    name: '江滨市生态环境局临江分局',
    kind: 'department',
    parentCode: 'LJQ',
    isBackstop: false,
  },
  {
    code: 'JTJ',
    name: '临江区交通运输局',
    kind: 'department',
    parentCode: 'LJQ',
    isBackstop: false,
  },
  {
    code: 'RSJ',
    name: '临江区人力资源和社会保障局',
    kind: 'department',
    parentCode: 'LJQ',
    isBackstop: false,
  },
  {
    code: 'GAJ',
    name: '江滨市公安局临江分局（非警务警情）',
    kind: 'department',
    parentCode: 'LJQ',
    isBackstop: false,
  },
  {
    code: 'JYJ',
    name: '临江区教育局',
    kind: 'department',
    parentCode: 'LJQ',
    isBackstop: false,
  },
  {
    code: 'WJW',
    name: '临江区卫生健康委员会',
    kind: 'department',
    parentCode: 'LJQ',
    isBackstop: false,
  },
  {
    code: 'MZJ',
    name: '临江区民政局',
    kind: 'department',
    parentCode: 'LJQ',
    isBackstop: false,
  },
  {
    code: 'YBJ',
    name: '临江区医疗保障局',
    kind: 'department',
    parentCode: 'LJQ',
    isBackstop: false,
  },
  {
    code: 'ZRZY',
    name: '江滨市自然资源和规划局临江分局',
    kind: 'department',
    parentCode: 'LJQ',
    isBackstop: false,
  },
  {
    code: 'FGW',
    name: '临江区发展和改革委员会（能源管理）',
    kind: 'department',
    parentCode: 'LJQ',
    isBackstop: false,
  },
  {
    code: 'WATER',
    name: '江滨水务集团有限公司',
    kind: 'utility',
    parentCode: 'ZJJ',
    isBackstop: false,
  },
  {
    code: 'POWER',
    name: '国网江滨供电公司临江供电中心',
    kind: 'utility',
    parentCode: 'FGW',
    isBackstop: false,
  },
  {
    code: 'GAS',
    name: '江滨燃气有限公司',
    kind: 'utility',
    parentCode: 'ZJJ',
    isBackstop: false,
  },
  {
    code: 'HEAT',
    name: '江滨热力有限公司',
    kind: 'utility',
    parentCode: 'ZJJ',
    isBackstop: false,
  },
];
