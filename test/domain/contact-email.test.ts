/** The intake desk's e-mail check is the API's: what one accepts the other accepts, refusals in Chinese. */
import { describe, expect, it } from 'vitest';
import { createOrderBody } from '../../api/intake';
import { emailProblem } from '../../domain/email';

const apiEmail = createOrderBody.shape.citizen.shape.email;

describe('emailProblem: an address the API stores', () => {
  it.each([
    ['zhang.san@example.cn', null],
    ["o'brien+12345@mail.example.com.cn", null],
    ['li_si@163.com', null],
    [`${'a'.repeat(64)}@${'b'.repeat(190)}.com`, '邮箱太长'],
    ['zhangsan＠example.com', '不能是全角'],
    ['张三@example.com', '不能有汉字'],
    ['zhang san@example.com', '空格'],
    ['zhangsan.example.com', '缺少 @'],
    ['zhangsan@example', '格式不对'],
    ['.zhangsan@example.com', '格式不对'],
    ['zhang..san@example.com', '格式不对'],
    ['zhangsan@@example.com', '格式不对'],
  ])('%s: %s', (address, problem) => {
    const found = emailProblem(address);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
    expect(apiEmail.safeParse(address).success, 'the API agrees').toBe(found === null);
  });
});
