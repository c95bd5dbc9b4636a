export type NotificationKind = 'ping' | 'covered' | 'cancelled' | 'shift';

/**
 * The push notification texts (the service worker shows them while the app is closed, so they cannot come
 * from the locale files it never loads). Short, for a lock screen. Keyed by language code; the locale test
 * checks there is one entry per language in ./languages.ts.
 */
export const notificationTexts: Record<string, Record<NotificationKind, { title: string; body: string }>> = {
  en: {
    ping: { title: 'Centinela — new ping', body: 'Open to respond' },
    covered: { title: 'Centinela — covered', body: 'No longer needed, thanks' },
    cancelled: { title: 'Centinela — called off', body: 'The dispatch was called off' },
    shift: { title: 'Centinela — shift soon', body: 'Your shift starts in 15 minutes' },
  },
  es: {
    ping: { title: 'Centinela — nuevo aviso', body: 'Abre para responder' },
    covered: { title: 'Centinela — cubierto', body: 'Ya no te necesitan, gracias' },
    cancelled: { title: 'Centinela — cancelado', body: 'El despacho se canceló' },
    shift: { title: 'Centinela — turno pronto', body: 'Tu turno empieza en 15 minutos' },
  },
  zh: {
    ping: { title: 'Centinela — 新的呼叫', body: '打开以回应' },
    covered: { title: 'Centinela — 已有人负责', body: '不再需要你了，谢谢' },
    cancelled: { title: 'Centinela — 已取消', body: '这次派遣已取消' },
    shift: { title: 'Centinela — 即将值班', body: '你的班次将在 15 分钟后开始' },
  },
  vi: {
    ping: { title: 'Centinela — yêu cầu mới', body: 'Mở để trả lời' },
    covered: { title: 'Centinela — đã đủ người', body: 'Không cần bạn nữa, cảm ơn' },
    cancelled: { title: 'Centinela — đã hủy', body: 'Lệnh điều động đã bị hủy' },
    shift: { title: 'Centinela — sắp đến ca', body: 'Ca của bạn bắt đầu sau 15 phút' },
  },
  tl: {
    ping: { title: 'Centinela — bagong tawag', body: 'Buksan para sumagot' },
    covered: { title: 'Centinela — may sasagot na', body: 'Hindi ka na kailangan, salamat' },
    cancelled: { title: 'Centinela — kinansela', body: 'Kinansela ang dispatch' },
    shift: { title: 'Centinela — malapit na ang shift', body: 'Magsisimula ang shift mo sa loob ng 15 minuto' },
  },
  ht: {
    ping: { title: 'Centinela — nouvo apèl', body: 'Louvri pou reponn' },
    covered: { title: 'Centinela — gen moun deja', body: 'Yo pa bezwen ou ankò, mèsi' },
    cancelled: { title: 'Centinela — anile', body: 'Yo anile dispatch la' },
    shift: { title: 'Centinela — sèvis ou prèt pou kòmanse', body: 'Sèvis ou kòmanse nan 15 minit' },
  },
  pt: {
    ping: { title: 'Centinela — novo chamado', body: 'Abra para responder' },
    covered: { title: 'Centinela — coberto', body: 'Não precisam mais de você, obrigado' },
    cancelled: { title: 'Centinela — cancelado', body: 'O despacho foi cancelado' },
    shift: { title: 'Centinela — turno em breve', body: 'Seu turno começa em 15 minutos' },
  },
  ar: {
    ping: { title: 'Centinela — نداء جديد', body: 'افتح للرد' },
    covered: { title: 'Centinela — تمت التغطية', body: 'لم تعد هناك حاجة إليك، شكرًا' },
    cancelled: { title: 'Centinela — أُلغي', body: 'تم إلغاء الإرسال' },
    shift: { title: 'Centinela — مناوبتك قريبًا', body: 'تبدأ مناوبتك بعد 15 دقيقة' },
  },
};

/** The word that marks a practice run on a notification's title (a drill's pings say it before anything else). */
export const drillLabel: Record<string, string> = {
  en: 'DRILL',
  es: 'SIMULACRO',
  zh: '演练',
  vi: 'DIỄN TẬP',
  tl: 'PAGSASANAY',
  ht: 'EGZÈSIS',
  pt: 'SIMULADO',
  ar: 'تمرين',
};
