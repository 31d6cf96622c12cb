import { describe, expect, it } from 'vitest';
import { fieldsFromTranscript } from '../../domain/transcript';
import { transcriptScores } from '../../support';
import { LABELLED_TRANSCRIPTS } from '../fixtures/transcripts';

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

  it('keeps the issue floors on the labelled transcripts: phones 0.95, name and address 0.9', () => {
    const s = transcriptScores(LABELLED_TRANSCRIPTS);
    expect(LABELLED_TRANSCRIPTS.length).toBeGreaterThanOrEqual(100);
    for (const field of ['phones'] as const) {
      expect(s[field].precision).toBeGreaterThanOrEqual(0.95);
      expect(s[field].recall).toBeGreaterThanOrEqual(0.95);
    }
    for (const field of ['name', 'address'] as const) {
      expect(s[field].precision).toBeGreaterThanOrEqual(0.9);
      expect(s[field].recall).toBeGreaterThanOrEqual(0.9);
    }
  });
});
