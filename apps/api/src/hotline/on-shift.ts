/** Who is on shift at a moment: the shifts module's `ShiftsService.onShift` (user ids). */
export type OnShift = { onShift(at: Date, role: 'operator' | 'responder'): Promise<string[]> };

export const ON_SHIFT = Symbol('ON_SHIFT');
