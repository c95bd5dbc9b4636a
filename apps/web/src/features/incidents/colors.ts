import type { IncidentStatus } from '@centinela/contracts';

/** One colour per status on the map: warm for unresolved, red for confirmed, grey for what turned out to be nothing. */
export const statusColors: Record<IncidentStatus, string> = {
  reported: '#e07b00',
  verifying: '#2563eb',
  confirmed: '#c0162c',
  other_agency: '#7c3aed',
  false_alarm: '#8a8a8a',
  unverifiable: '#5b6470',
  resolved: '#3f6b4f',
};

/** The same statuses as badges with white text: dark enough for WCAG AA (4.5:1), in both themes. */
export const statusBadgeColors: Record<IncidentStatus, string> = {
  reported: '#a14f00',
  verifying: '#2563eb',
  confirmed: '#c0162c',
  other_agency: '#7c3aed',
  false_alarm: '#636363',
  unverifiable: '#5b6470',
  resolved: '#3f6b4f',
};

/** Every other badge's background (white text), named as in styles.css. */
export const otherBadgeColors = {
  muted: '#5f6b73',
  onDuty: '#1f7a3a',
  dispatchActive: '#2563eb',
  dispatchFilled: '#1f7a3a',
  dispatchUnfilled: '#b3261e',
  liveLive: '#1f7a3a',
  liveConnecting: '#7a5f00',
  liveOffline: '#b3261e',
} as const;
