/** Standard replies for requests outside government remit (非政府职能), by the channel they belong to. */
import type { ReferInput } from '../workflows/messages';

export const STANDARD_REFERRAL_REPLIES: Record<ReferInput['channel'], string> = {
  litigation:
    '您反映的事项属于司法诉讼范围，12345热线无法受理，建议您向有管辖权的人民法院提起诉讼，或咨询法律援助中心（12348）。',
  arbitration: '您反映的事项应通过仲裁途径解决，建议您向劳动人事争议仲裁委员会或约定的仲裁机构申请仲裁。',
  petition: '您反映的事项属于信访事项，请依照《信访工作条例》向有权处理的机关提出，或登录国家信访局网上信访平台。',
  market: '您反映的事项属于市场主体之间的民事行为，建议您与经营者协商，或通过消费者协会、人民调解等市场化渠道解决。',
  police_110: '您反映的事项涉及治安或刑事警情，请立即拨打110报警。',
  other: '您反映的事项不属于政府职能范围，12345热线已为您记录，建议通过相应的社会或市场渠道解决。',
};
