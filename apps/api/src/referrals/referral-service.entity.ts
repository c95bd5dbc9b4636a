import type { CaseType, CostLevel, ReferralNeed, ScheduleEntry, ServiceStatus, VisaType } from '@centinela/contracts';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A service an organization provides (HSDS `service`), with what this field asks of providers: needs met,
 * case types, courts, visas, exclusions, payment plans; languages, schedule and the date it was last verified.
 */
@Entity('referral_services')
@Check('CHK_referral_services_status', `"status" IN ('active', 'inactive', 'defunct', 'temporarily closed')`)
@Check('CHK_referral_services_cost', `"cost" IN ('free', 'low', 'sliding', 'paid')`)
export class ReferralServiceEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_referral_services' })
  id: string;

  @Index('IDX_referral_services_organization')
  @ForeignKey('OrganizationEntity', { name: 'FK_referral_services_organization', onDelete: 'CASCADE' })
  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'alternate_name', type: 'text', default: '' })
  alternateName: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'text', default: '' })
  url: string;

  @Column({ type: 'text', default: '' })
  email: string;

  @Column({ type: 'text', default: '' })
  phone: string;

  @Column({ type: 'text', default: 'active' })
  status: ServiceStatus;

  @Column({ name: 'application_process', type: 'text', default: '' })
  applicationProcess: string;

  @Column({ name: 'eligibility_description', type: 'text', default: '' })
  eligibilityDescription: string;

  @Column({ name: 'fees_description', type: 'text', default: '' })
  feesDescription: string;

  @Column({ type: 'text', default: 'paid' })
  cost: CostLevel;

  @Column({ name: 'payment_plans', type: 'boolean', default: false })
  paymentPlans: boolean;

  @Column({ name: 'required_documents', type: 'text', array: true, default: () => "'{}'" })
  requiredDocuments: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  needs: ReferralNeed[];

  @Column({ name: 'case_types', type: 'text', array: true, default: () => "'{}'" })
  caseTypes: CaseType[];

  @Column({ name: 'visa_types', type: 'text', array: true, default: () => "'{}'" })
  visaTypes: VisaType[];

  @Column({ name: 'immigration_courts', type: 'text', array: true, default: () => "'{}'" })
  immigrationCourts: string[];

  @Column({ name: 'statuses_excluded', type: 'text', default: '' })
  statusesExcluded: string;

  @Column({ name: 'border_regions', type: 'text', array: true, default: () => "'{}'" })
  borderRegions: string[];

  /** Weekly opening hours in the network's time zone: `[{ days: ['mo', …], opens: '09:00', closes: '17:00' }]`. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  schedule: ScheduleEntry[];

  @Column({ name: 'always_open', type: 'boolean', default: false })
  alwaysOpen: boolean;

  @Column({ type: 'boolean', default: false })
  preferred: boolean;

  @Column({ name: 'trust_notes', type: 'text', default: '' })
  trustNotes: string;

  /** When someone last checked the entry with the provider (HSDS `assured_date`). */
  @Column({ name: 'last_verified_at', type: 'date', nullable: true })
  lastVerifiedAt: string | null;

  @ForeignKey('UserEntity', { name: 'FK_referral_services_verified_by', onDelete: 'SET NULL' })
  @Column({ name: 'verified_by', type: 'uuid', nullable: true })
  verifiedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
