import {
  type LiveLocation,
  liveLocationSchema,
  type LocationUpdate,
  locationUpdateSchema,
  type Responder,
  responderSchema,
  type UpdateMyResponder,
  type UpdateResponder,
  updateMyResponderSchema,
  updateResponderSchema,
} from '@centinela/contracts';
import { Controller, Delete, Get, HttpCode, Patch, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentResponderId } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { jsonSchemaOf, UuidParam, ZodBody } from '../common/validation/zod-params.js';
import { RespondersService } from './responders.service.js';

const responderResponse = jsonSchemaOf(responderSchema, 'output');

@ApiTags('responders')
@Controller('responders')
export class RespondersController {
  constructor(private readonly responders: RespondersService) {}

  /** Everyone, with who is on duty where (live locations of on-duty responders who share them). */
  @Get()
  @Roles('coordinator', 'dispatcher')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(responderSchema), 'output') })
  list(): Promise<Responder[]> {
    return this.responders.list();
  }

  @Get('me')
  @Roles('responder')
  @ApiOkResponse({ schema: responderResponse })
  me(@CurrentResponderId() id: string): Promise<Responder> {
    return this.responders.get(id);
  }

  /** Go on or off duty; change travel mode or languages. Going off duty forgets the live location. */
  @Patch('me')
  @Roles('responder')
  @ApiOkResponse({ schema: responderResponse })
  updateMe(@CurrentResponderId() id: string, @ZodBody(updateMyResponderSchema) body: UpdateMyResponder): Promise<Responder> {
    return this.responders.updateMine(id, body);
  }

  /** Share where I am now (on duty only). Only the latest point is kept, in memory, for 10 minutes. */
  @Put('me/location')
  @Roles('responder')
  @ApiOkResponse({ schema: jsonSchemaOf(liveLocationSchema, 'output') })
  shareLocation(@CurrentResponderId() id: string, @ZodBody(locationUpdateSchema) body: LocationUpdate): Promise<LiveLocation> {
    return this.responders.shareLocation(id, body);
  }

  /** Stop sharing: the location is forgotten at once. */
  @Delete('me/location')
  @Roles('responder')
  @HttpCode(204)
  @ApiNoContentResponse()
  stopSharing(@CurrentResponderId() id: string): Promise<void> {
    return this.responders.stopSharingLocation(id);
  }

  /** A coordinator edits a responder: alias, capabilities, languages, travel mode, zones. */
  @Patch(':id')
  @Roles('coordinator')
  @ApiOkResponse({ schema: responderResponse })
  update(@UuidParam('id') id: string, @ZodBody(updateResponderSchema) body: UpdateResponder): Promise<Responder> {
    return this.responders.update(id, body);
  }
}
