import {
  type AssignShift,
  assignShiftSchema,
  type CreateShiftTemplate,
  createShiftTemplateSchema,
  type ShiftPreferences,
  shiftPreferencesSchema,
  type ShiftTemplate,
  shiftTemplateSchema,
  type UpdateShiftPreferences,
  type UpdateShiftTemplate,
  updateShiftPreferencesSchema,
  updateShiftTemplateSchema,
  type WeekSchedule,
  weekScheduleSchema,
} from '@centinela/contracts';
import { Controller, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { jsonSchemaOf, UuidParam, ZodBody } from '../common/validation/zod-params.js';
import { ShiftPeople, type Person } from './shift-people.js';
import { ShiftsService } from './shifts.service.js';

const shiftResponse = { schema: jsonSchemaOf(shiftTemplateSchema, 'output') };
const personSchema = z.object({ userId: z.uuid(), name: z.string(), role: z.string() });

/** The weekly schedule: coordinators build it; operators and responders sign up, leave, offer and take shifts. */
@ApiTags('shifts')
@Controller('shifts')
export class ShiftsController {
  constructor(
    private readonly shifts: ShiftsService,
    private readonly people: ShiftPeople,
  ) {}

  @Get()
  @Roles('coordinator', 'dispatcher', 'responder')
  @ApiOperation({ summary: 'The week: shifts, who is on them, peak windows and gaps' })
  @ApiOkResponse({ schema: jsonSchemaOf(weekScheduleSchema, 'output') })
  week(@CurrentUser() user: AuthUser): Promise<WeekSchedule> {
    return this.shifts.week(user);
  }

  @Post()
  @Roles('coordinator')
  @ApiOperation({ summary: 'Add a weekly shift' })
  @ApiCreatedResponse(shiftResponse)
  create(@ZodBody(createShiftTemplateSchema) body: CreateShiftTemplate): Promise<ShiftTemplate> {
    return this.shifts.createTemplate(body);
  }

  @Get('people')
  @Roles('coordinator')
  @ApiOperation({ summary: 'Who can be put on shifts (handles and roles)' })
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(personSchema), 'output') })
  everyone(): Promise<Person[]> {
    return this.people.list();
  }

  @Get('me')
  @Roles('coordinator', 'dispatcher', 'responder')
  @ApiOperation({ summary: 'My shift settings (duty follows shifts, calendar feed)' })
  @ApiOkResponse({ schema: jsonSchemaOf(shiftPreferencesSchema, 'output') })
  mine(@CurrentUser() user: AuthUser): Promise<ShiftPreferences> {
    return this.people.preferences(user);
  }

  @Patch('me')
  @Roles('responder')
  @ApiOperation({ summary: 'Let my duty follow my shifts (on at start, off at end, a reminder 15 minutes before)' })
  @ApiOkResponse({ schema: jsonSchemaOf(shiftPreferencesSchema, 'output') })
  updateMine(@CurrentUser() user: AuthUser, @ZodBody(updateShiftPreferencesSchema) body: UpdateShiftPreferences): Promise<ShiftPreferences> {
    return this.people.setPreferences(user, body);
  }

  @Patch(':id')
  @Roles('coordinator')
  @ApiOperation({ summary: 'Change how many people a shift needs' })
  @ApiOkResponse(shiftResponse)
  update(@UuidParam('id') id: string, @ZodBody(updateShiftTemplateSchema) body: UpdateShiftTemplate): Promise<ShiftTemplate> {
    return this.shifts.setMinStaff(id, body.minStaff);
  }

  @Delete(':id')
  @Roles('coordinator')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a weekly shift' })
  @ApiNoContentResponse()
  remove(@UuidParam('id') id: string): Promise<void> {
    return this.shifts.deleteTemplate(id);
  }

  @Post(':id/sign-up')
  @Roles('coordinator', 'dispatcher', 'responder')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign up for an open shift (409 if it is taken)' })
  @ApiOkResponse(shiftResponse)
  signUp(@CurrentUser() user: AuthUser, @UuidParam('id') id: string): Promise<ShiftTemplate> {
    return this.shifts.signUp(user, id);
  }

  @Post(':id/assignments')
  @Roles('coordinator')
  @ApiOperation({ summary: 'Put someone on a shift' })
  @ApiCreatedResponse(shiftResponse)
  assign(@UuidParam('id') id: string, @ZodBody(assignShiftSchema) body: AssignShift): Promise<ShiftTemplate> {
    return this.shifts.assign(id, body.userId);
  }

  @Put('assignments/:id')
  @Roles('coordinator')
  @ApiOperation({ summary: 'Move a shift to someone else' })
  @ApiOkResponse(shiftResponse)
  reassign(@UuidParam('id') id: string, @ZodBody(assignShiftSchema) body: AssignShift): Promise<ShiftTemplate> {
    return this.shifts.reassign(id, body.userId);
  }

  @Delete('assignments/:id')
  @Roles('coordinator', 'dispatcher', 'responder')
  @ApiOperation({ summary: 'Leave a shift (or a coordinator takes someone off it)' })
  @ApiOkResponse(shiftResponse)
  leave(@CurrentUser() user: AuthUser, @UuidParam('id') id: string): Promise<ShiftTemplate> {
    return this.shifts.leave(user, id);
  }

  @Put('assignments/:id/offer')
  @Roles('coordinator', 'dispatcher', 'responder')
  @ApiOperation({ summary: 'Offer my shift to a colleague' })
  @ApiOkResponse(shiftResponse)
  offer(@CurrentUser() user: AuthUser, @UuidParam('id') id: string): Promise<ShiftTemplate> {
    return this.shifts.offer(user, id, true);
  }

  @Delete('assignments/:id/offer')
  @Roles('coordinator', 'dispatcher', 'responder')
  @ApiOperation({ summary: 'Withdraw my offer' })
  @ApiOkResponse(shiftResponse)
  withdraw(@CurrentUser() user: AuthUser, @UuidParam('id') id: string): Promise<ShiftTemplate> {
    return this.shifts.offer(user, id, false);
  }

  @Post('assignments/:id/take')
  @Roles('coordinator', 'dispatcher', 'responder')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take a shift a colleague offered (409 if someone took it first)' })
  @ApiOkResponse(shiftResponse)
  take(@CurrentUser() user: AuthUser, @UuidParam('id') id: string): Promise<ShiftTemplate> {
    return this.shifts.take(user, id);
  }
}
