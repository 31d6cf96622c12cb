/** The dispatch rule: the catalogue's classification and units, and what an operator's choice changes. */
import { describe, expect, it } from 'vitest';
import { DEMO_CATALOGUE } from '../../db/seed-data';
import { classificationOf, dispatchUnits, intakeUnits } from '../../domain/dispatch';

const noise = DEMO_CATALOGUE.find((c) => c.code === 'noise_construction')!;

describe('the dispatch rule', () => {
  it("classifies by the catalogue entry, a chosen urgency winning over the category's default", () => {
    expect(classificationOf(noise)).toEqual({
      category: 'noise_construction',
      categoryName: noise.name,
      urgency: noise.defaultUrgency,
      handlingClass: noise.handlingClass,
      categoryLimit: noise.handlingLimit,
    });
    expect(classificationOf(noise, 'emergency').urgency).toBe('emergency');
    expect(classificationOf(undefined)).toEqual({
      category: null,
      categoryName: null,
      urgency: 'normal',
      handlingClass: 'general',
      categoryLimit: null,
    });
  });

  it("sends an order to the catalogue's units unless others are chosen; the lead never assists its own order", () => {
    expect(dispatchUnits(noise, {})).toEqual({ leadUnit: 'CGJ', assistingUnits: ['ZJJ', 'STHJ'] });
    expect(dispatchUnits(noise, { leadUnit: 'ZJJ' })).toEqual({ leadUnit: 'ZJJ', assistingUnits: ['STHJ'] });
    expect(dispatchUnits(noise, { assistingUnits: ['JTJ', 'JTJ', 'CGJ'] })).toEqual({
      leadUnit: 'CGJ',
      assistingUnits: ['JTJ'],
    });
    expect(dispatchUnits(undefined, {})).toEqual({ leadUnit: null, assistingUnits: [] });
  });

  it('sends a consultation to no unit at intake unless one is chosen', () => {
    expect(intakeUnits('consultation', noise, {})).toEqual({ leadUnit: null, assistingUnits: [] });
    expect(intakeUnits('consultation', noise, { leadUnit: 'CGJ' })).toEqual({ leadUnit: 'CGJ', assistingUnits: [] });
    expect(intakeUnits('complaint', noise, {})).toEqual(dispatchUnits(noise, {}));
  });
});
