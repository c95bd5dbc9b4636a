/**
 * How many SMS segments a text costs, as carriers count them (3GPP TS 23.038 / 23.040).
 *
 * - GSM-7: 7-bit characters; 160 in a single message, 153 per segment once it is split (the rest is the
 *   concatenation header). The extension table (`^ { } [ ] ~ \ | €` and form feed) costs two septets each (an escape
 *   and the character), and an escape pair is never split across two segments.
 * - UCS-2 as soon as one character is outside GSM-7 (an emoji, `á`, `ñ` is fine but `ç` lower-case is not…): 70 UTF-16
 *   code units in a single message, 67 per segment; an emoji outside the BMP is a surrogate pair (two units) and is
 *   never split across segments either.
 *
 * `firstUnicode` names the first character that forced UCS-2, so the composer can say "this one doubled the cost".
 */

/** The GSM 03.38 default alphabet (0x1B, the escape, is left out: it is not a character one types). */
const basic = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: each costs an escape plus itself. */
const extension = '\f^{}\\[~]|€';

const basicSet = new Set(basic);
const extensionSet = new Set(extension);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export type SmsSegmentCount = {
  encoding: SmsEncoding;
  /** Characters as people count them (code points). */
  characters: number;
  /** Septets (GSM-7, extension characters count two) or UTF-16 code units (UCS-2). */
  units: number;
  /** How many messages the carrier bills; 0 for an empty text. */
  segments: number;
  /** Units one segment holds at this length: 160/70 for a single message, 153/67 once split. */
  perSegment: number;
  /** Units left in the last segment before another one starts. */
  remaining: number;
  /** The first character outside GSM-7 and where it is (code point index), or null. */
  firstUnicode: { char: string; index: number } | null;
};

/** Whether a single character (code point) can be sent in GSM-7, and at what cost in septets (0 = it cannot). */
export function gsmSeptets(char: string): 0 | 1 | 2 {
  if (basicSet.has(char)) return 1;
  if (extensionSet.has(char)) return 2;
  return 0;
}

/** Fill segments greedily with indivisible pieces (a septet pair, a surrogate pair), as phones split them. */
function countSegments(pieces: number[], units: number, single: number, multi: number): { segments: number; remaining: number; perSegment: number } {
  if (units === 0) return { segments: 0, remaining: single, perSegment: single };
  if (units <= single) return { segments: 1, remaining: single - units, perSegment: single };
  let segments = 1;
  let used = 0;
  for (const size of pieces) {
    if (used + size > multi) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { segments, remaining: multi - used, perSegment: multi };
}

export function smsSegments(text: string): SmsSegmentCount {
  const chars = Array.from(text);
  let firstUnicode: SmsSegmentCount['firstUnicode'] = null;
  const septets: number[] = [];
  for (const [index, char] of chars.entries()) {
    const cost = gsmSeptets(char);
    if (cost === 0) {
      firstUnicode = { char, index };
      break;
    }
    septets.push(cost);
  }
  if (!firstUnicode) {
    const units = septets.reduce((sum, n) => sum + n, 0);
    return { encoding: 'GSM-7', characters: chars.length, units, firstUnicode: null, ...countSegments(septets, units, 160, 153) };
  }
  const codeUnits = chars.map((c) => c.length);
  const units = text.length;
  return { encoding: 'UCS-2', characters: chars.length, units, firstUnicode, ...countSegments(codeUnits, units, 70, 67) };
}
