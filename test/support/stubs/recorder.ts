import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';

/** Items a stub recorded, and a way to wait for one (already recorded or yet to come) with a bounded timeout. */
export class Recorder<T> {
  readonly items: T[] = [];
  private readonly events = new EventEmitter();

  push(item: T): void {
    this.items.push(item);
    this.events.emit('item', item);
  }

  /** The first item matching `match`, recorded already or within `timeoutMs`. */
  next(match: (item: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
    const found = this.items.find(match);
    if (found) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const onItem = (item: T) => {
        if (!match(item)) return;
        clearTimeout(timer);
        this.events.off('item', onItem);
        resolve(item);
      };
      const timer = setTimeout(() => {
        this.events.off('item', onItem);
        reject(new Error(`nothing matching within ${timeoutMs} ms (${this.items.length} recorded)`));
      }, timeoutMs);
      this.events.on('item', onItem);
    });
  }

  clear(): void {
    this.items.length = 0;
  }
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Where a stub posts the provider's webhooks: the app's real address, and the public URL the provider signs. */
export type WebhookTarget = { baseUrl: () => string; publicUrl: string };
