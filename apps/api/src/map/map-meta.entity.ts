import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** Which street map import is live: one row, its version bumped by every import (all API processes read it). */
@Entity('map_meta')
@Check('CHK_map_meta_single', `"id" = 1`)
export class MapMetaEntity {
  @PrimaryColumn({ type: 'smallint', default: 1, primaryKeyConstraintName: 'PK_map_meta' })
  id: number;

  @Column({ type: 'integer' })
  version: number;

  /** The file's name (never its path). */
  @Column({ type: 'text' })
  source: string;

  @Column({ name: 'imported_at', type: 'timestamptz' })
  importedAt: Date;

  /** [west, south, east, north] of the streets. */
  @Column({ type: 'double precision', array: true })
  bbox: number[];

  @Column({ type: 'jsonb' })
  counts: Record<string, number>;
}
