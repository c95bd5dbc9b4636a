import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A photo, stored on disk under DATA_DIR/media after every bit of metadata (EXIF, GPS, XMP, ICC…) was
 * stripped; `sha256` is the hash of exactly those stored bytes, taken at upload.
 */
@Entity('media')
@Check('CHK_media_content_type', `"content_type" IN ('image/jpeg', 'image/png', 'image/webp')`)
export class MediaEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_media' })
  id: string;

  @Index('IDX_media_incident')
  @ForeignKey('IncidentEntity', { name: 'FK_media_incident', onDelete: 'CASCADE' })
  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @ForeignKey('SightingEntity', { name: 'FK_media_sighting', onDelete: 'SET NULL' })
  @Column({ name: 'sighting_id', type: 'uuid', nullable: true })
  sightingId: string | null;

  @Column({ name: 'content_type', type: 'text' })
  contentType: string;

  @Column({ type: 'int' })
  bytes: number;

  @Column({ type: 'int' })
  width: number;

  @Column({ type: 'int' })
  height: number;

  @Column({ type: 'text' })
  sha256: string;

  @ForeignKey('UserEntity', { name: 'FK_media_uploaded_by', onDelete: 'SET NULL' })
  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true })
  uploadedBy: string | null;

  /** Who, as shown in the record: a handle, a responder alias, or "public report". */
  @Column({ type: 'text' })
  source: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** The key the stored file is encrypted under (see KeyRing). */
  @Column({ name: 'sealed_key', type: 'text', nullable: true })
  sealedKey: string | null;
}
