import type { AlertLanguage } from '@centinela/contracts';

type Texts = {
  /** Confirmation: {areas}. */
  subscribed: string;
  /** Asking for the area: {areas} lists some. */
  whichArea: string;
  /** An area we do not know: {area}, {areas}. */
  unknownArea: string;
  chooseAreas: string;
  chooseLanguage: string;
  /** The language's own name, for the Telegram buttons. */
  name: string;
};

/** What sign-up by text and Telegram answers, in the subscriber's language. */
export const signupTexts: Record<AlertLanguage, Texts> = {
  en: {
    subscribed: 'You will get community alerts for {areas}. Reply STOP to stop.',
    whichArea: 'Which area? Reply ALERTS and your neighbourhood or ZIP code. Areas: {areas}',
    unknownArea: 'We do not know the area "{area}". Areas: {areas}',
    chooseAreas: 'Choose the areas you want alerts for:',
    chooseLanguage: 'Choose your language:',
    name: 'English',
  },
  es: {
    subscribed: 'Recibirá alertas comunitarias para {areas}. Responda ALTO para dejar de recibirlas.',
    whichArea: '¿Qué zona? Responda ALERTAS y su barrio o código postal. Zonas: {areas}',
    unknownArea: 'No conocemos la zona "{area}". Zonas: {areas}',
    chooseAreas: 'Elija las zonas de las que quiere recibir alertas:',
    chooseLanguage: 'Elija su idioma:',
    name: 'Español',
  },
  ar: {
    subscribed: 'ستصلك تنبيهات المجتمع الخاصة بـ {areas}. أرسل STOP للإيقاف.',
    whichArea: 'أي منطقة؟ أرسل ALERTS واسم حيّك أو الرمز البريدي. المناطق: {areas}',
    unknownArea: 'لا نعرف المنطقة "{area}". المناطق: {areas}',
    chooseAreas: 'اختر المناطق التي تريد تنبيهاتها:',
    chooseLanguage: 'اختر لغتك:',
    name: 'العربية',
  },
  ht: {
    subscribed: 'W ap resevwa alèt kominotè pou {areas}. Reponn STOP pou kanpe.',
    whichArea: 'Ki zòn? Reponn ALERTS ak katye w oswa kòd postal ou. Zòn yo: {areas}',
    unknownArea: 'Nou pa konnen zòn "{area}" la. Zòn yo: {areas}',
    chooseAreas: 'Chwazi zòn ou vle resevwa alèt pou yo:',
    chooseLanguage: 'Chwazi lang ou:',
    name: 'Kreyòl ayisyen',
  },
  pt: {
    subscribed: 'Você receberá alertas comunitários para {areas}. Responda STOP para parar.',
    whichArea: 'Qual área? Responda ALERTAS e seu bairro ou CEP. Áreas: {areas}',
    unknownArea: 'Não conhecemos a área "{area}". Áreas: {areas}',
    chooseAreas: 'Escolha as áreas para as quais quer receber alertas:',
    chooseLanguage: 'Escolha seu idioma:',
    name: 'Português',
  },
  tl: {
    subscribed: 'Makatatanggap ka ng mga alerto ng komunidad para sa {areas}. Sumagot ng STOP para huminto.',
    whichArea: 'Anong lugar? Sumagot ng ALERTS at ang iyong barangay o ZIP code. Mga lugar: {areas}',
    unknownArea: 'Hindi namin kilala ang lugar na "{area}". Mga lugar: {areas}',
    chooseAreas: 'Piliin ang mga lugar na gusto mong makatanggap ng alerto:',
    chooseLanguage: 'Piliin ang iyong wika:',
    name: 'Tagalog',
  },
  vi: {
    subscribed: 'Bạn sẽ nhận cảnh báo cộng đồng cho {areas}. Trả lời STOP để dừng.',
    whichArea: 'Khu vực nào? Trả lời ALERTS và tên khu phố hoặc mã ZIP của bạn. Các khu vực: {areas}',
    unknownArea: 'Chúng tôi không biết khu vực "{area}". Các khu vực: {areas}',
    chooseAreas: 'Chọn các khu vực bạn muốn nhận cảnh báo:',
    chooseLanguage: 'Chọn ngôn ngữ của bạn:',
    name: 'Tiếng Việt',
  },
  zh: {
    subscribed: '您将收到 {areas} 的社区警报。回复 STOP 停止接收。',
    whichArea: '哪个区域？请回复 ALERTS 加上您的社区名称或邮政编码。区域：{areas}',
    unknownArea: '我们不认识区域“{area}”。区域：{areas}',
    chooseAreas: '选择您想接收警报的区域：',
    chooseLanguage: '选择您的语言：',
    name: '中文',
  },
};

export const say = (language: AlertLanguage, key: Exclude<keyof Texts, 'name'>, values: Record<string, string> = {}): string =>
  signupTexts[language][key].replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');

/** Sign-up keywords (first word, accents and case ignored) and the language they suggest. */
export const signupKeywords: Record<string, AlertLanguage> = {
  ALERTS: 'en',
  ALERT: 'en',
  ALERTAS: 'es',
  ALERTA: 'es',
  ALET: 'ht',
  ALERTO: 'tl',
};
