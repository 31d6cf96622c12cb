/** The State Council's holiday notice pasted as a table, read into holidays and 调休 working days (pure). */
import { describe, expect, it } from 'vitest';
import { parseNotice } from '../../console/src/pages/admin/calendar/notice';

describe('the holiday notice as a table', () => {
  it('reads the notice’s own way of writing dates: ranges, lists, weekdays, across the new year', () => {
    const notice = parseNotice(
      [
        '节日\t放假日期\t调休上班日期',
        '元旦\t2026年12月31日至2027年1月2日\t',
        '春节\t2月5日至11日\t2月14日（周六）、2月20日（星期六）',
        '劳动节,"5月1日至5日",4月25日',
      ].join('\n'),
      2027,
    );
    expect(notice.errors).toEqual([]);
    expect(notice.rows.map((r) => [r.holiday, r.holidays.length, r.makeupWorkdays])).toEqual([
      ['元旦', 3, []],
      ['春节', 7, ['2027-02-14', '2027-02-20']],
      ['劳动节', 5, ['2027-04-25']],
    ]);
    // 12月31日 belongs to the year before: left for that year's calendar.
    expect(notice.outside).toEqual(['2026-12-31']);
    expect(notice.holidays[0]).toBe('2027-01-01');
    expect(notice.holidays).toContain('2027-02-11');
    expect(notice.makeupWorkdays).toEqual(['2027-02-14', '2027-02-20', '2027-04-25']);
  });

  it('names the line it cannot read and takes nothing from it', () => {
    const notice = parseNotice('国庆节\t10月1日至7日\t9月31日', 2027);
    expect(notice.rows).toEqual([]);
    expect(notice.errors).toEqual([{ line: 1, message: '第 1 行的日期无法识别：9月31日' }]);
  });
});
