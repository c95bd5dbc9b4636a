import { Injectable } from '@nestjs/common';
import type { OnShift } from './on-shift.js';

/** Until the shift schedule lands: nobody is on shift, so calls ring the fallback group. */
@Injectable()
export class NoShifts implements OnShift {
  onShift(): Promise<string[]> {
    return Promise.resolve([]);
  }
}
