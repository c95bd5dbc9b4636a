import type { Activity, Agency, AlertLanguage, AlertType } from '@centinela/contracts';

/**
 * Built-in templates, used when coordinators have not written one for a type and language (they can, per
 * language, at /api/alerts/templates). Placeholders: {what} {where} {when} {todo}. English and Spanish are built in;
 * other languages start from the English text for the author to translate.
 */
const builtIn: Record<'en' | 'es', Record<AlertType, { title: string; body: string }>> = {
  en: {
    incident: { title: 'Confirmed: {what}', body: 'CONFIRMED {when}: {what} near {where}. {todo}' },
    know_your_rights: {
      title: 'Know your rights',
      body: 'You have the right to remain silent. Do not open the door unless they show a warrant signed by a judge. Do not sign anything. Call the hotline.',
    },
    all_clear: { title: 'All clear', body: 'ALL CLEAR {when}: agents are no longer near {where}. Stay alert and report what you see.' },
    meeting_point: { title: 'Meeting point', body: 'Community meeting point: {where}, {when}. Bring no documents you do not need.' },
    correction: { title: 'Correction', body: 'CORRECTION: our earlier alert was wrong. {todo}' },
  },
  es: {
    incident: { title: 'Confirmado: {what}', body: 'CONFIRMADO {when}: {what} cerca de {where}. {todo}' },
    know_your_rights: {
      title: 'Conozca sus derechos',
      body: 'Tiene derecho a guardar silencio. No abra la puerta si no le muestran una orden firmada por un juez. No firme nada. Llame a la línea de ayuda.',
    },
    all_clear: { title: 'Todo despejado', body: 'DESPEJADO {when}: ya no hay agentes cerca de {where}. Manténgase alerta e informe lo que vea.' },
    meeting_point: { title: 'Punto de encuentro', body: 'Punto de encuentro de la comunidad: {where}, {when}. No lleve documentos que no necesite.' },
    correction: { title: 'Corrección', body: 'CORRECCIÓN: nuestra alerta anterior era errónea. {todo}' },
  },
};

export function defaultTemplate(type: AlertType, language: AlertLanguage): { title: string; body: string } {
  return builtIn[language === 'es' ? 'es' : 'en'][type];
}

/** What to do, per language (the {todo} of incident alerts). */
const todo: Partial<Record<AlertLanguage, string>> = {
  en: 'Avoid the area, do not open the door, record from a safe distance, call the hotline.',
  es: 'Evite la zona, no abra la puerta, grabe desde una distancia segura, llame a la línea de ayuda.',
};
export const whatToDo = (language: AlertLanguage): string => todo[language] ?? todo.en!;

/**
 * Who, per agency, in the public's words: every agency the contract knows names itself (a new one cannot fall back to
 * another's words), and only the immigration agencies are named as such: an unidentified agency is not called
 * immigration agents.
 */
const who: Record<'en' | 'es', Record<Agency, string>> = {
  en: {
    ice: 'ICE',
    cbp: 'CBP',
    hsi: 'HSI',
    police: 'police',
    sheriff: "sheriff's deputies",
    unknown: 'unidentified agents',
    other: 'agents of another agency',
  },
  es: {
    ice: 'ICE',
    cbp: 'CBP',
    hsi: 'HSI',
    police: 'policía',
    sheriff: 'alguaciles',
    unknown: 'agentes sin identificar',
    other: 'agentes de otra agencia',
  },
};
const doing: Record<'en' | 'es', Partial<Record<Activity, string>>> = {
  en: {
    checkpoint: 'checkpoint',
    detaining: 'detentions',
    door_knock: 'knocking on doors',
    workplace_raid: 'workplace raid',
    loading_someone: 'detentions',
  },
  es: {
    checkpoint: 'retén',
    detaining: 'detenciones',
    door_knock: 'tocando puertas',
    workplace_raid: 'redada en un lugar de trabajo',
    loading_someone: 'detenciones',
  },
};

/** "ICE (detentions)" / "ICE (detenciones)", "unidentified agents (checkpoint)" / "agentes sin identificar (retén)". */
export function describe(agency: Agency, activity: Activity, language: AlertLanguage): string {
  const words = language === 'es' ? 'es' : 'en';
  const what = doing[words][activity];
  return what ? `${who[words][agency]} (${what})` : who[words][agency];
}

export function fill(template: string, values: Record<'what' | 'where' | 'when' | 'todo', string>): string {
  return template
    .replace(/\{(what|where|when|todo)\}/g, (_, key: keyof typeof values) => values[key])
    .replace(/\s+([.,])/g, '$1')
    .trim();
}
