/**
 * Who takes part in a generated city, and what they write: fictional citizens (names, phone numbers,
 * places in 临江区), the centre's operators, coordinators, return-visit agents and reviewers, each
 * unit's duty staff, and the short texts of requests, replies, notes and reasons. All synthetic.
 */
import type { Actor, CitizenContact } from '../../domain/order';
import type { Random } from './random';

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红文辉鹏飞宇浩然思雨欣怡子涵梓萱嘉晨晓东海燕春梅';
const ROADS = [
  '滨江大道',
  '临江路',
  '望江路',
  '新城大道',
  '文昌路',
  '解放路',
  '人民路',
  '中山路',
  '建设路',
  '和平路',
  '江湾路',
  '学府路',
  '春晖路',
  '金沙路',
  '古渡街',
];
const ESTATES = [
  '锦绣花园',
  '江畔名苑',
  '阳光小区',
  '翠湖湾',
  '临江新村',
  '书香门第',
  '滨江壹号',
  '东方家园',
  '金色港湾',
  '幸福里',
];
const PLACES = [
  '小区门口',
  '路口',
  '公交站旁',
  '菜市场附近',
  '学校门口',
  '地下车库',
  '沿街商铺',
  '工地旁',
  '公园东门',
  '楼下',
];

/** The district's centre (WGS-84) and how far its streets reach, in degrees. */
const DISTRICT = { lat: 30.262, lng: 120.165, span: 0.06 };

/** A citizen; `pool` numbers to draw the phone number from (a small pool: more people call twice). */
export function citizen(rng: Random, withPhone: boolean, pool = 100_000_000): CitizenContact {
  const name = rng.pick([...SURNAMES]) + (rng.chance(0.3) ? '先生' : rng.chance(0.4) ? '女士' : rng.pick([...GIVEN]));
  const address = `临江区${rng.pick(ROADS)}${rng.int(1, 888)}号${rng.pick(ESTATES)}${rng.int(1, 30)}幢`;
  return withPhone ? { name, phone: phoneNumber(rng.int(0, pool - 1)), address } : { name, address };
}

/** A mobile number from a citizen's number in the pool (stable: the same number is the same person). */
export function phoneNumber(n: number): string {
  return `1${[3, 5, 7, 8, 9][n % 5]}${String(n).padStart(9, '0')}`;
}

export function location(rng: Random, near?: { lat: number; lng: number }, radiusDeg = DISTRICT.span) {
  const base = near ?? DISTRICT;
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return {
    lat: round(base.lat + rng.between(-radiusDeg, radiusDeg)),
    lng: round(base.lng + rng.between(-radiusDeg, radiusDeg)),
  };
}

export function description(rng: Random, what: string): string {
  const where = `${rng.pick(ROADS)}${rng.pick(PLACES)}`;
  return rng.pick([
    `反映${where}${what}，已持续多日，请相关部门尽快处理。`,
    `${where}存在${what}问题，影响周边居民生活，希望尽快解决并回复。`,
    `来电咨询并反映：${where}${what}，此前已反映过，仍未解决。`,
    `市民反映${what}（${where}），请核实处理。`,
  ]);
}

export const consultationText = (title: string) => `来电咨询：${title}`;

const staff =
  (role: Actor['role'], prefix: string, n: number, unit: string | null) =>
  (rng: Random): Actor => ({
    role,
    id: `${prefix}-${String(rng.int(1, n)).padStart(2, '0')}`,
    unit,
  });

export const operator = staff('operator', 'op', 120, 'CENTRE');
export const coordinator = staff('coordinator', 'coord', 12, 'CENTRE');
export const visitor = staff('visitor', 'visit', 40, 'CENTRE');
export const reviewerId = (rng: Random) => `reviewer-${rng.int(1, 6)}`;

/** One of the unit's duty staff, signed in with the unit's department role. */
export function unitStaff(rng: Random, unit: string): Actor {
  return { role: 'department', id: `${unit.toLowerCase()}-${String(rng.int(1, 8)).padStart(2, '0')}`, unit };
}

export const TEXT = {
  completeReply: [
    '经现场核查，问题已处理完毕，已向来电人反馈。',
    '已安排工作人员上门处置，现已恢复正常。',
    '经调查核实，已责令相关方限期整改，并将持续跟踪。',
    '已与来电人电话沟通，解释相关政策并协调解决。',
    '经协调，相关单位已完成维修，来电人表示认可。',
  ],
  note: ['已联系来电人了解情况', '已派员现场查看', '正在协调相关单位', '已约谈责任方', '等待维修材料到位'],
  contribution: ['已配合现场核查并提供意见', '本单位职责部分已处理完毕', '已提供相关资料'],
  returnReason: ['不属于本单位职责范围', '诉求地址不在本单位辖区', '该事项应由其他部门主办'],
  extensionReason: ['需协调多个部门联合处置', '维修需等待材料与施工窗口', '需进一步调查取证'],
  ruling: ['经研判，该事项属该单位职责', '经研判，改派职能部门主办', '按权责清单改派'],
  pause: ['等待来电人补充材料', '来电人要求暂缓处理', '等待司法程序结果'],
  coordination: ['领导批示督办', '多次反映未解决，提级督办', '涉及面广，需统筹协调'],
  deescalation: ['已明确主办单位，降级跟踪', '问题已基本处置'],
  forceClose: ['来电人诉求已通过其他渠道解决', '重复诉求，已在其他工单中办结'],
  withdraw: ['来电人表示问题已自行解决，申请撤单', '来电人撤回诉求'],
  deadline: ['根据现场情况调整办理时限'],
  addAssisting: ['需增加协办单位共同处置'],
  removeAssisting: ['该单位无需继续协办'],
  visitComment: ['处理及时，态度很好', '问题还没有彻底解决', '希望以后加强巡查', '处理结果不满意'],
  failedVisit: ['电话无人接听', '电话关机', '号码停机'],
  referReply: '您反映的事项不属于12345热线受理范围，建议通过相应法定途径解决。',
  review: ['经复核，部门已按时依规办理，不满意原因不可归责于承办单位', '经复核，承办单位处置存在不足，评价维持'],
} as const;
