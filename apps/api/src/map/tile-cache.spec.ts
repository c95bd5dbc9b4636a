import { TileCache } from './tile-cache.js';

describe('tile cache', () => {
  it('evicts the least recently used tiles past its byte budget', () => {
    const cache = new TileCache(10);
    cache.set('a', Buffer.alloc(4));
    cache.set('b', Buffer.alloc(4));
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    cache.set('c', Buffer.alloc(4));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.size).toEqual({ entries: 2, bytes: 8 });
  });

  it('never keeps a tile bigger than the whole budget, and forgets everything on clear', () => {
    const cache = new TileCache(10);
    cache.set('huge', Buffer.alloc(11));
    expect(cache.get('huge')).toBeUndefined();
    cache.set('a', Buffer.alloc(2));
    cache.clear();
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
  });
});
