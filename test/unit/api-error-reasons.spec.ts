import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { apiErrorReasons, fieldIssueCodes } from '@centinela/contracts';
import i18n from 'i18next';
import { ApiError, describeError, describeIssue } from '../../apps/web/src/shared/api/errors.js';
import en from '../../apps/web/src/shared/i18n/locales/en.json' with { type: 'json' };
import es from '../../apps/web/src/shared/i18n/locales/es.json' with { type: 'json' };

/**
 * A refusal is said in the reader's language: every reason code the API may send has its sentence (in English, and
 * so — by locales.spec — in every language), every code is sent by some refusal in the API (none is dead), and the
 * web app says a reason with its status and type params in the reader's words.
 */
const API = path.resolve(import.meta.dirname, '../../apps/api/src');
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return file.endsWith('.ts') && !file.endsWith('.spec.ts') ? [readFileSync(file, 'utf8')] : [];
  });

describe('API error reasons', () => {
  const reasonTexts = (en as { apiError: { reason: Record<string, Record<string, string>> } }).apiError.reason;

  it.each(apiErrorReasons)('%s has its English sentence', (reason) => {
    const [area, name] = reason.split('.') as [string, string];
    expect(reasonTexts[area]?.[name]).toEqual(expect.any(String));
  });

  it.each(fieldIssueCodes)('field issue %s has its English sentence', (code) => {
    expect((en.apiError.issue as Record<string, string>)[code]).toEqual(expect.any(String));
  });

  it('names no reason the API never sends', () => {
    const code = sources(API).join('\n');
    const unused = apiErrorReasons.filter((reason) => !code.includes(`'${reason}'`));
    expect(unused).toEqual([]);
  });

  describe('as the web app says them', () => {
    beforeAll(async () => {
      await i18n.init({ resources: { en: { translation: en }, es: { translation: es } }, lng: 'es', fallbackLng: 'en', interpolation: { escapeValue: false } });
    });
    afterAll(() => i18n.changeLanguage('en'));

    it('says a reason in the reader language, with its statuses said as the page says them', () => {
      const error = ApiError.of(409, {
        message: 'cannot change the status from confirmed to reported',
        reason: 'incident.statusChange',
        params: { from: 'confirmed', to: 'reported' },
      });
      expect(describeError(error)).toBe('El estado no puede pasar de «Confirmado» a «Reportado».');
    });

    it('says an alert type and a language by their names', () => {
      const error = ApiError.of(409, { message: 'there is already …', reason: 'alert.templateExists', params: { type: 'all_clear', language: 'zh' } });
      expect(describeError(error)).toBe(`Ya existe una plantilla «${es.communityAlerts.types.all_clear}» en 中文: edítela.`);
    });

    it('puts the reason before the field list it came with, and keeps a typed value as typed', () => {
      const error = ApiError.of(409, {
        message: 'alias: "<b>Ana</b>" is already used by another responder',
        reason: 'alias.taken',
        params: { alias: '<b>Ana</b>' },
        issues: [{ path: 'alias', message: 'is already used by another responder' }],
      });
      expect(describeError(error)).toBe('El alias «<b>Ana</b>» ya lo usa otro respondedor.');
    });

    it('without a reason: what the status means, then the API words; offline as offline; a 500 without its details', () => {
      expect(describeError(ApiError.of(404, { message: 'zone not found' }))).toBe('No se encontró: puede que se haya borrado. (zone not found)');
      expect(describeError(new ApiError(0, 'offline'))).toBe(es.apiError.offline);
      expect(describeError(ApiError.of(500, { message: 'Something went wrong on our side; it has been logged.' }))).toBe(es.apiError.generic['500']);
    });

    it("says each field's problem in the reader language where the API coded it, the API words where it did not", () => {
      const error = ApiError.of(400, {
        message: 'reason: say why; size.agents: Too big: expected number to be <=1000; x: a custom problem',
        issues: [
          { path: 'reason', message: 'say why', code: 'required' },
          { path: 'size.agents', message: 'Too big: expected number to be <=1000', code: 'tooBig', params: { maximum: '1000' } },
          { path: 'x', message: 'a custom problem' },
          { path: 'alias', message: 'must not mix Latin and Cyrillic letters (they look alike)', code: 'invalid' },
        ],
      });
      expect(describeError(error)).toBe(
        'reason: es obligatorio; size.agents: debe ser como máximo 1000; x: a custom problem; alias: no es válido (must not mix Latin and Cyrillic letters (they look alike))',
      );
      expect(describeIssue({ path: 'alias', message: 'is required', code: 'required' }, 'Alias')).toBe('Alias: es obligatorio');
    });

    it('in English, the API words as they are', async () => {
      await i18n.changeLanguage('en');
      expect(describeError(ApiError.of(404, { message: 'zone not found' }))).toBe('zone not found');
      expect(describeError(ApiError.of(409, { message: 'x', reason: 'shift.taken' }))).toBe('This shift is already fully staffed.');
      expect(describeError(ApiError.of(400, { message: 'reason: say why', issues: [{ path: 'reason', message: 'say why', code: 'required' }] }))).toBe(
        'reason: say why',
      );
    });
  });
});
