import { agencies } from '@centinela/contracts';
import { describe as describeIncident } from './default-templates.js';

describe('describe (the {what} of an incident alert)', () => {
  it('names only ICE, CBP and HSI as immigration agencies, in English and Spanish', () => {
    const said = (language: 'en' | 'es') => Object.fromEntries(agencies.map((agency) => [agency, describeIncident(agency, 'detaining', language)]));
    expect(said('en')).toEqual({
      ice: 'ICE (detentions)',
      cbp: 'CBP (detentions)',
      hsi: 'HSI (detentions)',
      police: 'police (detentions)',
      sheriff: "sheriff's deputies (detentions)",
      unknown: 'unidentified agents (detentions)',
      other: 'agents of another agency (detentions)',
    });
    expect(said('es')).toEqual({
      ice: 'ICE (detenciones)',
      cbp: 'CBP (detenciones)',
      hsi: 'HSI (detenciones)',
      police: 'policía (detenciones)',
      sheriff: 'alguaciles (detenciones)',
      unknown: 'agentes sin identificar (detenciones)',
      other: 'agentes de otra agencia (detenciones)',
    });
  });

  it('says who without an activity it has no words for', () => {
    expect(describeIncident('unknown', 'surveilling', 'es')).toBe('agentes sin identificar');
  });
});
