import { describe, expect, it } from 'vitest';
import {
  cityForm,
  isTimeZone,
  regionForm,
  workingHoursValid,
} from '../../worker/admin/organisation-input';

describe('region rules', () => {
  it('accepts IANA zones the runtime knows and refuses offsets, abbreviations and made-up zones', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('+08:00')).toBe(false);
    expect(isTimeZone('CST')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  it('wants working hours as both times, start before end, or neither', () => {
    expect(workingHoursValid('09:00', '18:00')).toBe(true);
    expect(workingHoursValid(null, null)).toBe(true);
    expect(workingHoursValid('18:00', '09:00')).toBe(false);
    expect(workingHoursValid('09:00', null)).toBe(false);
  });

  it('upper-cases the code and turns an empty default language into none', () => {
    const parsed = regionForm.parse({
      code: 'east-2',
      name: 'East',
      nameZh: '华东',
      timeZone: 'Asia/Shanghai',
      workStart: '',
      workEnd: '',
      defaultLocale: '',
    });
    expect(parsed).toMatchObject({
      code: 'EAST-2',
      workStart: null,
      defaultLocale: null,
      silentAfterDays: 30,
    });
  });

  it('takes the silent-customer threshold in whole days from 1 to 365', () => {
    const region = {
      code: 'E',
      name: 'East',
      nameZh: '华东',
      timeZone: 'Asia/Shanghai',
      workStart: '',
      workEnd: '',
      defaultLocale: '',
    };
    expect(regionForm.parse({ ...region, silentAfterDays: ' 45 ' }).silentAfterDays).toBe(45);
    for (const bad of ['0', '366', '7.5', 'soon']) {
      const result = regionForm.safeParse({ ...region, silentAfterDays: bad });
      expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
        [['silentAfterDays'], 'regions.silentAfterDaysInvalid'],
      ]);
    }
  });
});

describe('city rules', () => {
  it('reads the centre as degrees on the globe', () => {
    const city = { regionId: 'r', name: 'Chengdu', nameZh: '成都', lat: '30.57', lng: '104.07' };
    expect(cityForm.parse(city)).toMatchObject({ lat: 30.57, lng: 104.07 });
    expect(cityForm.safeParse({ ...city, lat: '91' }).success).toBe(false);
    expect(cityForm.safeParse({ ...city, lng: 'east' }).success).toBe(false);
    expect(cityForm.safeParse({ ...city, lat: '' }).success).toBe(false);
  });
});
