import { gsmSeptets, smsSegments } from './sms-segments.js';

const a = (n: number) => 'a'.repeat(n);

describe('smsSegments — GSM-7', () => {
  it('counts an empty text as no segment', () => {
    expect(smsSegments('')).toMatchObject({ encoding: 'GSM-7', units: 0, segments: 0, remaining: 160, firstUnicode: null });
  });

  it('fits exactly 160 plain characters in one message and splits at 161 into 153-septet segments', () => {
    expect(smsSegments(a(160))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1, perSegment: 160, remaining: 0 });
    expect(smsSegments(a(161))).toMatchObject({ segments: 2, perSegment: 153, remaining: 153 * 2 - 161 });
    expect(smsSegments(a(306))).toMatchObject({ segments: 2, remaining: 0 });
    expect(smsSegments(a(307))).toMatchObject({ segments: 3 });
  });

  it('counts extension characters twice', () => {
    expect(smsSegments('€')).toMatchObject({ encoding: 'GSM-7', characters: 1, units: 2 });
    expect(smsSegments('[x]{y}~^|\\')).toMatchObject({ characters: 10, units: 18 });
    expect(smsSegments(a(158) + '€')).toMatchObject({ units: 160, segments: 1 });
    expect(smsSegments(a(159) + '€')).toMatchObject({ units: 161, segments: 2 });
  });

  it('never splits an escape pair at the 153 boundary', () => {
    // 152 septets, then € (2) would straddle the boundary: it moves whole to segment 2.
    const straddling = smsSegments(a(152) + '€' + a(10));
    expect(straddling).toMatchObject({ units: 164, segments: 2, remaining: 153 - 12 });
    // 151 + € = 153 exactly fills segment 1.
    expect(smsSegments(a(151) + '€' + a(10))).toMatchObject({ units: 163, segments: 2, remaining: 153 - 10 });
    // 306 septets: a naive ceil(units / 153) says 2, but the septet lost at the end of segment 1 makes it 3.
    expect(smsSegments(a(152) + '€' + a(151))).toMatchObject({ units: 305, segments: 2, remaining: 0 });
    expect(smsSegments(a(152) + '€' + a(152))).toMatchObject({ units: 306, segments: 3, remaining: 152 });
  });

  it('keeps the accents GSM-7 has (é è ñ ü à) and names the first one it lacks', () => {
    expect(smsSegments('Café, señor, über, à là')).toMatchObject({ encoding: 'GSM-7', firstUnicode: null });
    expect(smsSegments('Atención: está aquí')).toMatchObject({ encoding: 'UCS-2', firstUnicode: { char: 'ó', index: 6 } });
    expect(smsSegments('é vs á')).toMatchObject({ encoding: 'UCS-2', firstUnicode: { char: 'á', index: 5 } });
  });

  it('knows single characters', () => {
    expect(gsmSeptets('é')).toBe(1);
    expect(gsmSeptets('á')).toBe(0);
    expect(gsmSeptets('€')).toBe(2);
    expect(gsmSeptets('\n')).toBe(1);
    expect(gsmSeptets('`')).toBe(0);
  });
});

describe('smsSegments — UCS-2', () => {
  it('fits 70 units in one message and splits at 71 into 67-unit segments', () => {
    expect(smsSegments('á' + a(69))).toMatchObject({ encoding: 'UCS-2', units: 70, segments: 1, perSegment: 70, remaining: 0 });
    expect(smsSegments('á' + a(70))).toMatchObject({ units: 71, segments: 2, perSegment: 67, remaining: 67 * 2 - 71 });
    expect(smsSegments('á' + a(133))).toMatchObject({ units: 134, segments: 2, remaining: 0 });
    expect(smsSegments('á' + a(134))).toMatchObject({ segments: 3 });
  });

  it('doubles the cost of a 160-character text with one emoji, and names it', () => {
    const text = a(100) + '🚨' + a(58);
    expect(smsSegments(a(160)).segments).toBe(1);
    expect(smsSegments(text)).toMatchObject({ encoding: 'UCS-2', characters: 159, units: 160, segments: 3, firstUnicode: { char: '🚨', index: 100 } });
  });

  it('counts an emoji as a surrogate pair (two units) and never splits it across segments', () => {
    expect(smsSegments('🚨')).toMatchObject({ characters: 1, units: 2, segments: 1 });
    expect(smsSegments('🚨'.repeat(35))).toMatchObject({ units: 70, segments: 1 });
    // 66 units, then a pair that would straddle the 67 boundary moves whole to segment 2.
    expect(smsSegments('á' + a(65) + '🚨' + a(5))).toMatchObject({ units: 73, segments: 2, remaining: 67 - 7 });
    expect(smsSegments('á' + a(65) + '🚨' + a(66))).toMatchObject({ units: 134, segments: 3 });
  });

  it('counts GSM extension characters once in UCS-2', () => {
    expect(smsSegments('€ á')).toMatchObject({ encoding: 'UCS-2', units: 3 });
  });

  it('reports scripts outside Latin (Arabic, Chinese, Vietnamese) as UCS-2 from their first letter', () => {
    expect(smsSegments('ICE: 入境').firstUnicode).toEqual({ char: '入', index: 5 });
    expect(smsSegments('تنبيه').firstUnicode).toEqual({ char: 'ت', index: 0 });
    expect(smsSegments('Cảnh báo').firstUnicode).toEqual({ char: 'ả', index: 1 });
  });
});
