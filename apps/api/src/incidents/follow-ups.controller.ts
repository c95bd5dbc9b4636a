import { type FollowUp, followUpSchema, updateFollowUpSchema } from '@centinela/contracts';
import { Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { jsonSchemaOf, UuidParam, ZodBody, ZodQuery } from '../common/validation/zod-params.js';
import { RecordService } from './record.service.js';

const dueQuery = z.strictObject({
  hours: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 90)
    .default(24),
  mine: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

@ApiTags('follow-ups')
@Controller('follow-ups')
export class FollowUpsController {
  constructor(private readonly record: RecordService) {}

  /** Follow-ups due: open ones due within `hours` (default 24), overdue first; `mine=true` for mine only. */
  @Get()
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(followUpSchema), 'output') })
  due(@ZodQuery(dueQuery) query: z.infer<typeof dueQuery>, @CurrentUser() user: AuthUser): Promise<FollowUp[]> {
    return this.record.due(user, query.hours, query.mine);
  }

  @Patch(':id')
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(followUpSchema, 'output') })
  update(@UuidParam('id') id: string, @ZodBody(updateFollowUpSchema) body: { done: boolean }, @CurrentUser() user: AuthUser): Promise<FollowUp> {
    return this.record.setFollowUpDone(user, id, body.done);
  }
}
