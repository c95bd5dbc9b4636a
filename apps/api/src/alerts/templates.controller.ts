import {
  type AlertTemplate,
  type AlertTemplateInput,
  alertTemplateInputSchema,
  alertTemplateSchema,
  type AlertTemplateUpdate,
  alertTemplateUpdateSchema,
} from '@centinela/contracts';
import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '../auth/roles.decorator.js';
import { jsonSchemaOf, UuidParam, ZodBody } from '../common/validation/zod-params.js';
import { TemplatesService } from './templates.service.js';

const templateResponse = { schema: jsonSchemaOf(alertTemplateSchema, 'output') };

/** Alert templates per type × language: dispatchers read them, coordinators keep them. */
@ApiTags('alerts')
@Controller('alerts/templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(alertTemplateSchema), 'output') })
  @ApiOperation({ summary: 'Alert templates per type and language' })
  list(): Promise<AlertTemplate[]> {
    return this.templates.list();
  }

  @Post()
  @Roles('coordinator')
  @ApiCreatedResponse(templateResponse)
  @ApiOperation({ summary: 'Write a template for a type and language' })
  create(@ZodBody(alertTemplateInputSchema) body: AlertTemplateInput): Promise<AlertTemplate> {
    return this.templates.create(body);
  }

  @Patch(':id')
  @Roles('coordinator')
  @ApiOkResponse(templateResponse)
  @ApiOperation({ summary: 'Edit a template' })
  update(@UuidParam('id') id: string, @ZodBody(alertTemplateUpdateSchema) body: AlertTemplateUpdate): Promise<AlertTemplate> {
    return this.templates.update(id, body);
  }

  @Delete(':id')
  @Roles('coordinator')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Delete a template (the built-in one applies again)' })
  delete(@UuidParam('id') id: string): Promise<void> {
    return this.templates.delete(id);
  }
}
