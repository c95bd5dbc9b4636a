import {
  type GeocodeQuery,
  geocodeQuerySchema,
  type GeocodeResult,
  type ReverseGeocodeQuery,
  reverseGeocodeQuerySchema,
  type ReverseGeocodeResult,
} from '@centinela/contracts';
import { Controller, Get, Ip } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Public, Roles } from '../auth/roles.decorator.js';
import { ZodQuery } from '../common/validation/zod-params.js';
import { GeocodingService } from './geocoding.service.js';
import { PublicLimits } from '../rate-limits/public-limits.js';

/** Address, cross-street and place search for dispatchers and coordinators, on this server's own map. */
@ApiTags('geocoding')
@Controller('geocode')
export class GeocodingController {
  constructor(private readonly geocoding: GeocodingService) {}

  @Get()
  @Roles('dispatcher', 'coordinator')
  @ApiOperation({ summary: 'Find an address, a cross street or a place on this server’s map' })
  @ApiOkResponse({ description: 'Intersections, addresses, places and streets, best first' })
  search(@ZodQuery(geocodeQuerySchema) query: GeocodeQuery): Promise<GeocodeResult[]> {
    return this.geocoding.search(query.q, { limit: query.limit, ...(query.near ? { near: query.near } : {}), ...(query.bbox ? { bbox: query.bbox } : {}) });
  }

  @Get('reverse')
  @Roles('dispatcher', 'coordinator')
  @ApiOperation({ summary: 'Name the nearest street corner or address of a point' })
  @ApiOkResponse({ description: 'What to call a point ("18th St & Blue Island Ave"), or null far from any street' })
  reverse(@ZodQuery(reverseGeocodeQuerySchema) query: ReverseGeocodeQuery): Promise<ReverseGeocodeResult | null> {
    return this.geocoding.reverse(query.lon, query.lat);
  }
}

/** The same search for the public report form: rate-limited, nothing about the person kept. */
@ApiTags('public')
@Controller('public/geocode')
export class PublicGeocodingController {
  constructor(
    private readonly geocoding: GeocodingService,
    private readonly limits: PublicLimits,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Address search for the public report form (rate-limited)' })
  @ApiOkResponse({ description: 'As GET /api/geocode, at most 5 answers' })
  @ApiTooManyRequestsResponse({ description: 'Too many searches from this client, or in total, just now' })
  async search(@ZodQuery(geocodeQuerySchema) query: GeocodeQuery, @Ip() clientAddress: string): Promise<GeocodeResult[]> {
    await this.limits.take('geocode', clientAddress);
    return this.geocoding.search(query.q, {
      limit: Math.min(query.limit, 5),
      ...(query.near ? { near: query.near } : {}),
      ...(query.bbox ? { bbox: query.bbox } : {}),
    });
  }
}
