import type { AlertTemplate, AlertTemplateInput, AlertTemplateUpdate } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { AlertsRepository } from './alerts.repository.js';

/** Templates per alert type × language, kept by coordinators (built-in ones fill the gaps, see default-templates.ts). */
@Injectable()
export class TemplatesService {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly alerts: AlertsRepository,
  ) {}

  list(): Promise<AlertTemplate[]> {
    return this.alerts.templates(this.uow.db);
  }

  async create(input: AlertTemplateInput): Promise<AlertTemplate> {
    const created = await this.alerts.insertTemplate(this.uow.db, input, new Date(this.clock.now()));
    if (!created)
      throw DomainError.conflict(`there is already a ${input.type} template in ${input.language}: edit it`).because('alert.templateExists', {
        type: input.type,
        language: input.language,
      });
    return created;
  }

  async update(id: string, changes: AlertTemplateUpdate): Promise<AlertTemplate> {
    const updated = await this.alerts.updateTemplate(this.uow.db, id, changes, new Date(this.clock.now()));
    if (!updated) throw DomainError.notFound('template');
    return updated;
  }

  async delete(id: string): Promise<void> {
    if (!(await this.alerts.deleteTemplate(this.uow.db, id))) throw DomainError.notFound('template');
  }
}
