import { describe, expect, it } from 'vitest';
import { normaliseAddressText } from '../../domain/address';
import { fieldsFromTranscript } from '../../domain/transcript';
import { transcriptScores } from '../../support';
import { HELD_OUT_TRANSCRIPTS, LABELLED_TRANSCRIPTS } from '../fixtures/transcripts';

describe('fieldsFromTranscript', () => {
  it('proposes the request, the name as given, spoken phone digits, the place and the times', () => {
    const f = fieldsFromTranscript(
      '喂，你好。我姓王，王女士。楼下饭店每天凌晨两点还在装卸货。地址是临江区滨江路十二号。电话幺三八，零零幺三，八零零零。谢谢。',
    );
    expect(f).toMatchObject({
      description: '楼下饭店每天凌晨两点还在装卸货',
      name: '王女士',
      phones: ['13800138000'],
      incidentAddress: { place: { district: '临江区', road: '滨江路', number: '12' } },
      times: ['每天凌晨两点'],
    });
  });

  it('proposes nothing it did not hear', () => {
    expect(fieldsFromTranscript('你好。路灯坏了。谢谢。')).toEqual({
      description: '路灯坏了',
      name: null,
      phones: [],
      incidentAddress: null,
      times: [],
    });
    // Numbers that are not phone numbers: a house number, a count, a time.
    expect(fieldsFromTranscript('滨江路12号，三十多户人家，十一点停的水').phones).toEqual([]);
  });

  it('finds the place however it is said, and none where only a room or a river is named', () => {
    const places: [said: string, address: string][] = [
      ['我家住在临江区建国路十六号，楼下天天有人烧垃圾', '临江区建国路16号'],
      ['我们小区叫梧桐苑，梧桐苑二栋门口的下水道堵了', '梧桐苑2栋'],
      ['就在那个百货大楼对面，和平路三十号', '和平路30号'],
      ['我住南湖新村七幢，楼上漏水', '南湖新村7幢'],
      ['事情发生在青山路一百零八号的一家洗车店', '青山路108号'],
      ['我们这个楼是绿城花园B座，电梯坏了', '绿城花园b座'],
      ['我在锦江小区4号楼2单元', '锦江小区4号楼'],
      ['我们村叫李家村，村口的桥塌了', '李家村'],
      ['海棠湾小区十九栋楼顶有人养鸽子', '海棠湾小区19栋'],
      ['我住的是天元公寓8号楼', '天元公寓8号楼'],
      ['家在临江区江畔花园二期六栋', '临江区江畔花园二期6栋'],
      ['公司在星光大道九十九号，老板跑了', '星光大道99号'],
      ['就是人民医院后面那个红旗小区，垃圾没人收', '红旗小区'],
      ['我们楼下，园林路十三号那个水果店卖烂水果', '园林路13号'],
      ['东门那边，碧水湾三栋，晚上有人飙车', '碧水湾3栋'],
      ['在我们小区对面，兴业街二十一号，有家店占道', '兴业街21号'],
      ['我们那个大楼叫国贸大厦，空调外机滴水', '国贸大厦'],
    ];
    for (const [said, address] of places) {
      const f = fieldsFromTranscript(`喂，你好。${said}。电话幺三八零零零零幺二三四。`);
      expect(f.incidentAddress?.text, said).toBe(normaliseAddressText(address));
    }
    for (const said of [
      '家里的水管爆了',
      '楼道里很黑，三天了',
      '河里全是垃圾',
      '屋里冷得很，暖气不热',
      '3栋的人半夜唱歌',
    ]) {
      expect(fieldsFromTranscript(`你好。${said}。`).incidentAddress, said).toBeNull();
    }
    // A clause that only says where is left out of the request, however its letters are cased.
    expect(fieldsFromTranscript('你好。电梯坏了。在绿城花园B座。').description).toBe('电梯坏了');
  });

  it('takes the name however the caller gives it, and not a third person named in passing', () => {
    const names: [said: string, name: string][] = [
      ['我是业主，姓顾。小区电梯坏了', '顾'],
      ['市民李先生来电反映，楼下装修太吵', '李先生'],
      ['我是这个小区的住户赵女士，物业不管事', '赵女士'],
      ['我是楼上的邻居，我姓钟，楼下漏水', '钟'],
      ['你就记钱女士吧，路灯坏了', '钱女士'],
    ];
    for (const [said, name] of names) expect(fieldsFromTranscript(`${said}。`).name, said).toBe(name);
    expect(fieldsFromTranscript('物业的王师傅说修不了。路灯坏了。').name).toBeNull();
  });

  it('keeps the issue floors — phones 0.95, name and address 0.9 — on the labelled and the held-out transcripts', () => {
    expect(LABELLED_TRANSCRIPTS.length).toBeGreaterThanOrEqual(100);
    for (const calls of [LABELLED_TRANSCRIPTS, HELD_OUT_TRANSCRIPTS]) {
      const s = transcriptScores(calls);
      for (const field of ['phones'] as const) {
        expect(s[field].precision).toBeGreaterThanOrEqual(0.95);
        expect(s[field].recall).toBeGreaterThanOrEqual(0.95);
      }
      for (const field of ['name', 'address'] as const) {
        expect(s[field].precision).toBeGreaterThanOrEqual(0.9);
        expect(s[field].recall).toBeGreaterThanOrEqual(0.9);
      }
    }
  });
});
