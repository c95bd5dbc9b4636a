import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An image for an alert: re-encoded as a JPEG at most ALERT_IMAGE_MAX_EDGE pixels on its longer side, with no
 * metadata at all (EXIF with its GPS position, XMP, IPTC, ICC). Kept in PostgreSQL (a few hundred kilobytes) so every
 * API process serves it to the providers that fetch it. An image no alert uses is deleted a day after its upload;
 * one an alert uses lives as long as the alert (it was broadcast). Sealed, so a deleted image cannot be read back
 * from the database's files once its key is gone.
 */
@Entity('alert_images')
@Check('CHK_alert_images_content_type', `"content_type" = 'image/jpeg'`)
export class AlertImageEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_alert_images' })
  id: string;

  @Column({ name: 'content_type', type: 'text', default: 'image/jpeg' })
  contentType: string;

  /** The JPEG, sealed (KeyRing purpose `alert-image`): unreadable once deleted and its day's key destroyed. */
  @Column({ type: 'bytea' })
  data: Buffer;

  @Column({ name: 'sealed_key', type: 'text' })
  sealedKey: string;

  @Column({ type: 'int' })
  bytes: number;

  @Column({ type: 'int' })
  width: number;

  @Column({ type: 'int' })
  height: number;

  /** Of exactly the stored bytes: what an approval binds to. */
  @Column({ type: 'text' })
  sha256: string;

  @ForeignKey('UserEntity', { name: 'FK_alert_images_created_by', onDelete: 'SET NULL' })
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Index('IDX_alert_images_created_at')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
