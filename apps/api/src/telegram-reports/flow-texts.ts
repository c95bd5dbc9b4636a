/** What the Telegram bot says in the guided flow, in English and Spanish (other languages get English). */
export const FLOW = {
  en: {
    welcome: 'Rapid response hotline. I will ask where, what and when, then a photo if it is safe. Choose your language:',
    place: 'Where are the agents? Share your location (📎 → Location), or type the address or the cross streets.',
    notFound: 'I could not find that place. Try the cross streets ("18th and Blue Island"), or share your location.',
    what: 'What do you see? How many agents and vehicles, what are they doing, any uniforms or markings?',
    when: 'When did you see this?',
    now: 'Right now',
    min15: 'About 15 minutes ago',
    hour: 'About an hour ago',
    photo: 'Send a photo if it is safe to take one, or skip.',
    skip: 'Skip the photo',
    done: 'Thank you. Your report reached the dispatchers; someone may go to verify it. Send /start to report again.',
    cancelled: 'Cancelled. Send /start to report.',
  },
  es: {
    welcome: 'Línea de respuesta rápida. Le preguntaré dónde, qué y cuándo, y luego una foto si es seguro. Elija su idioma:',
    place: '¿Dónde están los agentes? Comparta su ubicación (📎 → Ubicación), o escriba la dirección o las calles de la esquina.',
    notFound: 'No encontré ese lugar. Pruebe con las calles de la esquina ("18th y Blue Island") o comparta su ubicación.',
    what: '¿Qué ve? ¿Cuántos agentes y vehículos, qué están haciendo, uniformes o marcas?',
    when: '¿Cuándo lo vio?',
    now: 'Ahora mismo',
    min15: 'Hace unos 15 minutos',
    hour: 'Hace como una hora',
    photo: 'Envíe una foto si es seguro tomarla, o sáltela.',
    skip: 'Saltar la foto',
    done: 'Gracias. Su reporte llegó a los despachadores; alguien puede ir a verificarlo. Envíe /start para reportar otra vez.',
    cancelled: 'Cancelado. Envíe /start para reportar.',
  },
} as const;
export type FlowLanguage = keyof typeof FLOW;
export const flowLanguage = (code: string | null | undefined): FlowLanguage => (code?.toLowerCase().startsWith('es') ? 'es' : 'en');
