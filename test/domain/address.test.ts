import { describe, expect, it } from 'vitest';
import { comparePlaces, parseAddress, type Place } from '../../domain/address';
import { holdForRepeatReview, repeatConfidence, type RepeatSubject } from '../../domain/repeat';
import { GOVERNANCE_DEFAULTS } from '../../domain/policy';

const place = (p: Partial<Place>): Place => ({
  district: null,
  road: null,
  number: null,
  community: null,
  building: null,
  ...p,
});

describe('parseAddress: the parts of an address in 江滨市 that name a place', () => {
  it.each<[string, Partial<Place>]>([
    ['滨江路12号', { road: '滨江路', number: '12' }],
    ['临江区滨江路12号3栋', { district: '临江区', road: '滨江路', number: '12', building: '3' }],
    ['江滨市临江区建设路8号', { district: '临江区', road: '建设路', number: '8' }],
    ['江滨市 临江区 建设路 8 号', { district: '临江区', road: '建设路', number: '8' }],
    ['幸福小区5号楼', { community: '幸福', building: '5' }],
    ['幸福小区5栋', { community: '幸福', building: '5' }],
    ['幸福小区五栋楼下', { community: '幸福', building: '5' }],
    ['临江区人民路一百零五号', { district: '临江区', road: '人民路', number: '105' }],
    ['滨江区幸福路1号', { district: '滨江区', road: '幸福路', number: '1' }],
    ['建设路十二号阳光花园B座', { road: '建设路', number: '12', community: '阳光', building: 'b' }],
    ['临江区解放东路和中山路路口', { district: '临江区', road: '解放东路' }],
    ['江滨大道33号附近的工地', { road: '江滨大道', number: '33' }],
    ['临江区锦绣家园门口', { district: '临江区', community: '锦绣' }],
    ['农贸市场门口', {}],
    ['锦绣家园（二期）12栋', { community: '锦绣', building: '12' }],
  ])('%s', (raw, expected) => {
    expect(parseAddress(raw)).toEqual(place(expected));
  });
});

describe('comparePlaces', () => {
  const same = (a: string, b: string) => comparePlaces(parseAddress(a), parseAddress(b));
  it('finds one place however it is said', () => {
    expect(same('滨江路12号', '临江区滨江路12号3栋')).toBe('same');
    expect(same('幸福小区5号楼', '幸福小区5栋')).toBe('same');
    expect(same('幸福小区五栋', '临江区幸福小区5号楼门口')).toBe('same');
    expect(same('江滨市临江区建设路8号', '建设路八号对面')).toBe('same');
    expect(same('锦绣家园', '临江区锦绣家园3栋')).toBe('same');
  });
  it('another building, another number on the road: near, not the same', () => {
    expect(same('幸福小区5栋', '幸福小区8栋')).toBe('near');
    expect(same('滨江路12号', '滨江路14号')).toBe('near');
    expect(same('滨江路', '滨江路12号')).toBe('near');
  });
  it('other places, or the same name in two districts, are not linked', () => {
    expect(same('滨江路12号', '建设路12号')).toBeNull();
    expect(same('临江区幸福路1号', '滨江区幸福路1号')).toBeNull();
    expect(same('幸福小区5栋', '阳光小区5栋')).toBeNull();
    expect(same('农贸市场门口', '农贸市场门口')).toBeNull();
    expect(same('', '滨江路12号')).toBeNull();
  });
});

describe('repeat detection from the address of the matter alone', () => {
  const policy = GOVERNANCE_DEFAULTS;
  const open: RepeatSubject = {
    requesterHash: 'h1',
    category: 'noise_construction',
    lat: null,
    lng: null,
    address: '临江区滨江路12号3栋',
    receivedAt: 0,
  };
  const other = { ...open, requesterHash: 'h2', address: '滨江路12号', receivedAt: 3_600_000 };

  it('another phone about the same category at the same address is held for review as a likely repeat', () => {
    const c = repeatConfidence(other, open, policy)!;
    expect(c).toMatchObject({ confidence: 0.9, reasons: ['same category', 'same address'], distanceMeters: null });
    expect(holdForRepeatReview([c], policy)).toBe(true);
  });

  it('a nearby address is offered, not held; another address or category is not offered', () => {
    const near = repeatConfidence({ ...other, address: '滨江路14号' }, open, policy)!;
    expect(near.confidence).toBe(0.6);
    expect(holdForRepeatReview([near], policy)).toBe(false);
    expect(repeatConfidence({ ...other, address: '建设路12号' }, open, policy)).toBeNull();
    expect(repeatConfidence({ ...other, category: 'water_outage' }, open, policy)).toBeNull();
    expect(repeatConfidence({ ...other, address: null }, open, policy)).toBeNull();
  });

  it('coordinates, when both have them, decide over the text', () => {
    const pinned = { ...open, lat: 30, lng: 120 };
    expect(repeatConfidence({ ...other, lat: 30.01, lng: 120 }, pinned, policy)).toBeNull();
  });
});
