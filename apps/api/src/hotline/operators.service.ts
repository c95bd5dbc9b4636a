import type { OperatorSettings, OperatorSettingsUpdate } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { KeyRing } from '../crypto/key-ring.js';
import { sealTexts } from '../crypto/sealing.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { OperatorsRepository, type SettingsRow } from './operators.repository.js';

/** Key purpose of operators' phones and emails: kept while a row refers to the key (see CallsService.sealedPurposes). */
const OPERATOR_CONTACT = 'operator-contact';

const phoneHint = (phone: string) => `•••• ${phone.slice(-2)}`;
const emailHint = (email: string) => {
  const [local, domain] = email.split('@') as [string, string];
  return `${local.slice(0, 1)}•••@${domain}`;
};

/** Settings as shown: the contacts only as hints, made from the opened values (nothing of them is stored in clear). */
const shown = ({ phone, email, ...settings }: SettingsRow): OperatorSettings => ({
  ...settings,
  phoneHint: phone ? phoneHint(phone) : null,
  emailHint: email ? emailHint(email) : null,
});

/**
 * Hotline operators' call settings: the phone the hotline rings, the address missed-call emails go to (both sealed,
 * shown back only as hints), the languages they speak and whether they are in the fallback group.
 */
@Injectable()
export class OperatorsService {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly keys: KeyRing,
    private readonly operators: OperatorsRepository,
  ) {}

  async list(): Promise<OperatorSettings[]> {
    return (await this.operators.list(this.uow.db)).map(shown);
  }

  async get(userId: string): Promise<OperatorSettings> {
    const [settings] = await this.operators.settings(this.uow.db, userId);
    if (!settings) throw DomainError.notFound('operator (a dispatcher or coordinator)');
    return shown(settings);
  }

  /** Both contact points are sealed again under today's key, so the row depends on one key only. */
  async update(userId: string, change: OperatorSettingsUpdate): Promise<OperatorSettings> {
    const current = await this.get(userId);
    await this.uow.run(async (tx) => {
      const contacts = (await this.operators.contacts(tx.db, userId)) ?? { phone: '', email: '' };
      const phone = change.phone === undefined ? contacts.phone : (change.phone ?? '');
      const email = change.email === undefined ? contacts.email : (change.email?.toLowerCase() ?? '');
      const { sealed, keyId } = sealTexts(this.keys, OPERATOR_CONTACT, { phone, email });
      await this.operators.save(tx.db, {
        userId,
        phone: sealed.phone,
        email: sealed.email,
        sealedKey: keyId,
        languages: [...new Set(change.languages ?? current.languages)],
        fallback: change.fallback ?? current.fallback,
        now: new Date(this.clock.now()),
      });
    });
    return this.get(userId);
  }
}
