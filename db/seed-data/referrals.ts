/**
 * Referral channels (转办渠道) the demo city starts with: where a request outside the hotline's remit is
 * sent, and the standard reply that tells the citizen so. Admins change them at /admin/referral-channels;
 * `other` is the catch-all for matters another authority or institution handles (e.g. 高考 → 教育考试院).
 */
import type { ReferralChannelRow } from '../schema';

export const DEMO_REFERRAL_CHANNELS: Pick<ReferralChannelRow, 'code' | 'name' | 'reply'>[] = [
  {
    code: 'litigation',
    name: '人民法院（诉讼）',
    reply:
      '您反映的事项依法应通过诉讼途径解决（或已进入诉讼程序），12345热线不能代替司法机关处理。建议您向有管辖权的人民法院提起诉讼或向审理法院反映；需要法律咨询或法律援助的，可拨打12348公共法律服务热线。',
  },
  {
    code: 'arbitration',
    name: '仲裁机构（仲裁）',
    reply:
      '您反映的事项依法应通过仲裁途径解决。劳动人事争议，请向劳动合同履行地或用人单位所在地的劳动人事争议仲裁委员会申请仲裁；合同中约定了仲裁条款的，请向约定的仲裁委员会申请仲裁。',
  },
  {
    code: 'petition',
    name: '信访部门（信访）',
    reply:
      '您反映的事项属于信访事项，请依照《信访工作条例》，通过书信、网络、走访等形式向依法有权处理的机关、单位提出，也可登录国家信访局网上信访平台反映。',
  },
  {
    code: 'market',
    name: '协商、调解等市场化途径',
    reply:
      '您反映的事项属于平等民事主体之间的纠纷，不属于行政机关的职责。建议您先与对方协商解决；协商不成的，可向消费者协会、人民调解委员会或行业调解组织申请调解，也可依法申请仲裁或向人民法院起诉。',
  },
  {
    code: 'police_110',
    name: '公安机关（110报警）',
    reply: '您反映的事项涉及违法犯罪或治安警情，需由公安机关处置，请立即拨打110报警；如正面临危险，请先确保自身安全。',
  },
  {
    code: 'other',
    name: '主管部门或有关机构',
    reply:
      '您反映的事项不属于12345热线的受理范围，应由依法负责该事项的主管部门或有关机构办理，请您直接向其咨询或反映。',
  },
];
