import { z } from 'zod';

/**
 * An image sent with an alert where the channel carries one: Telegram (a photo with the text as its caption), WhatsApp
 * (media), Web Push (the notification's image). SMS stays text: MMS reaches only the US and Canada, costs several
 * times a segment and is filtered more. Uploaded first, then named by id in the draft (`imageId`).
 *
 *   POST   /api/alerts/images                   staff   upload an image (multipart `photo`; metadata stripped, Idempotency-Key) → AlertImage (201)
 *   GET    /api/alerts/images/:id               staff   an image, whatever its alert's state (the composer, the approver)
 *   GET    /api/alerts/feeds/images/:id            public  the image of an alert that went out (providers fetch it; 404 before)
 */
export const alertImageSchema = z.object({
  id: z.uuid(),
  contentType: z.literal('image/jpeg'),
  bytes: z.int(),
  width: z.int(),
  height: z.int(),
  sha256: z.string(),
});
export type AlertImage = z.infer<typeof alertImageSchema>;

/** Telegram's limit for a photo's caption (WhatsApp's for media is the same): the text of an alert with an image. */
export const ALERT_CAPTION_MAX = 1024;

export const imageIdSchema = z.uuid({ error: 'must be the id of an uploaded image' });
