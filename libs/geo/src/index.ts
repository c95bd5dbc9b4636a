export { areaProblems, positionProblems, toMultiPolygon, LAT_RANGE, LON_RANGE } from './geojson-validation.js';
export type { GeometryProblem } from './geojson-validation.js';
export { distanceMeters, EARTH_RADIUS_M } from './distance.js';
export { bboxOf, ZoneIndex } from './zone-index.js';
export type { IndexedZone } from './zone-index.js';
export { DEFAULT_REACH, etaSeconds, reachMeters, travelModes } from './reach.js';
export type { ReachSettings, TravelMode } from './reach.js';
export { samplePoints } from './sampling.js';
export { snapToGrid } from './grid.js';
