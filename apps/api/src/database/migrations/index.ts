import { Init1763780000000 } from './1763780000000-Init.js';
import { DispatchWaves1763900000000 } from './1763900000000-DispatchWaves.js';
import { Incidents1764000000000 } from './1764000000000-Incidents.js';
import { MapData1765100000000 } from './1765100000000-MapData.js';

/** Every migration in order. Add new ones at the end; never edit one that has shipped. */
export const migrations = [Init1763780000000, DispatchWaves1763900000000, Incidents1764000000000, MapData1765100000000];
