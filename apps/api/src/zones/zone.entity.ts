import type { MultiPolygon } from 'geojson';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A coverage zone drawn by a coordinator; its assigned responders are pinged for sightings inside it. */
@Entity('zones')
export class ZoneEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_zones' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Index('IDX_zones_area', { spatial: true })
  @Column({ type: 'geometry', spatialFeatureType: 'MultiPolygon', srid: 4326 })
  area: MultiPolygon;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
