import { type Dispatch, dispatchSchema, type UpdateDispatch, updateDispatchSchema } from '@centinela/contracts';
import { Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator.js';
import { jsonSchemaOf, UuidParam, ZodBody } from '../common/validation/zod-params.js';
import { DispatchService } from './dispatch.service.js';

const dispatchResponse = jsonSchemaOf(dispatchSchema, 'output');

/** A dispatch once it exists; starting one is the incidents module's (it moves the incident to `verifying`). */
@ApiTags('dispatches')
@Controller()
export class DispatchesController {
  constructor(private readonly dispatches: DispatchService) {}

  @Get('dispatches/:id')
  @ApiOperation({ summary: 'One dispatch, with its pings and answers' })
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: dispatchResponse })
  get(@UuidParam('id') id: string): Promise<Dispatch> {
    return this.dispatches.get(id);
  }

  /** Add to a dispatch: new totals per capability; the extra are pinged at once. */
  @Patch('dispatches/:id')
  @ApiOperation({ summary: 'Add to a dispatch: new totals per capability; the extra are pinged at once' })
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: dispatchResponse })
  add(@UuidParam('id') id: string, @ZodBody(updateDispatchSchema) body: UpdateDispatch): Promise<Dispatch> {
    return this.dispatches.addTo(id, body);
  }

  @Post('dispatches/:id/cancel')
  @ApiOperation({ summary: 'Call a dispatch off: everyone not yet on scene is told to stand down' })
  @Roles('dispatcher', 'coordinator')
  @HttpCode(200)
  @ApiOkResponse({ schema: dispatchResponse })
  cancel(@UuidParam('id') id: string): Promise<Dispatch> {
    return this.dispatches.cancel(id);
  }
}
