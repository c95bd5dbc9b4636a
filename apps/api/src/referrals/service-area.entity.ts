import type { MultiPolygon } from 'geojson';
import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Where a service is available (HSDS `service_area`), as a geometry: drawn, or a county or city imported as GeoJSON. */
@Entity('referral_service_areas')
export class ServiceAreaEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_referral_service_areas' })
  id: string;

  @Index('IDX_referral_service_areas_service')
  @ForeignKey('ReferralServiceEntity', { name: 'FK_referral_service_areas_service', onDelete: 'CASCADE' })
  @Column({ name: 'service_id', type: 'uuid' })
  serviceId: string;

  @Column({ type: 'text' })
  name: string;

  @Index('IDX_referral_service_areas_area', { spatial: true })
  @Column({ type: 'geometry', spatialFeatureType: 'MultiPolygon', srid: 4326 })
  area: MultiPolygon;
}
