import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import webpush from 'web-push';

export type Secrets = { jwtSecret: string; vapidPublicKey: string; vapidPrivateKey: string };

/**
 * Secrets generated on first start and kept in DATA_DIR/secrets.json (mode 600): the token signing key
 * and the VAPID key pair for Web Push. Tokens and push subscriptions stay valid across restarts without
 * anyone inventing a secret. Environment variables (JWT_SECRET, VAPID_*) win when set.
 */
export function loadOrCreateSecrets(dataDir: string): Secrets {
  const file = path.join(dataDir, 'secrets.json');
  const existing: Partial<Secrets> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>) : {};
  const vapid = existing.vapidPublicKey && existing.vapidPrivateKey ? undefined : webpush.generateVAPIDKeys();
  const secrets: Secrets = {
    jwtSecret: existing.jwtSecret ?? randomBytes(48).toString('base64url'),
    vapidPublicKey: existing.vapidPublicKey ?? vapid!.publicKey,
    vapidPrivateKey: existing.vapidPrivateKey ?? vapid!.privateKey,
  };
  if ((Object.keys(secrets) as (keyof Secrets)[]).some((key) => existing[key] === undefined)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (!existsSync(file)) {
      // Several processes may start at once on one DATA_DIR: the first to link its file in wins, the others read it.
      const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
      writeFileSync(temporary, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
      try {
        linkSync(temporary, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        rmSync(temporary, { force: true });
      }
      return loadOrCreateSecrets(dataDir);
    }
    writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  }
  return secrets;
}
