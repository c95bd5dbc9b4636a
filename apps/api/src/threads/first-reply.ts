/**
 * The automatic first reply to a new sender, asking for what a dispatcher needs: where, what they see, and a
 * photo if it is safe. Languages without a text of their own fall back to Spanish (Romance languages) or English;
 * an SMS sender whose language is unknown gets English and Spanish together.
 */
const TEXTS: Record<string, string> = {
  en: 'Thank you, we received your message. To help fast, tell us: 1) where exactly (street and cross street or a landmark), 2) what you see (how many agents, vehicles, what they are doing), 3) a photo if it is safe to take one. Reply STOP to stop messages.',
  es: 'Gracias, recibimos su mensaje. Para ayudar rápido, díganos: 1) dónde exactamente (calle y esquina o un lugar conocido), 2) qué ve (cuántos agentes, vehículos, qué están haciendo), 3) una foto si es seguro tomarla. Responda ALTO para dejar de recibir mensajes.',
  pt: 'Obrigado, recebemos sua mensagem. Para ajudar rápido, diga: 1) onde exatamente (rua e esquina ou um ponto conhecido), 2) o que você vê (quantos agentes, veículos, o que estão fazendo), 3) uma foto se for seguro. Responda STOP para não receber mais mensagens.',
};
const TO_SPANISH = new Set(['es', 'ca', 'gl']);

export function firstReply(language: string | null): { text: string; language: string } {
  const base = language?.toLowerCase().split(/[-_]/)[0] ?? null;
  if (base && TEXTS[base]) return { text: TEXTS[base], language: base };
  if (base && TO_SPANISH.has(base)) return { text: TEXTS.es!, language: 'es' };
  if (base) return { text: TEXTS.en!, language: 'en' };
  return { text: `${TEXTS.en!}\n\n${TEXTS.es!}`, language: 'en+es' };
}
