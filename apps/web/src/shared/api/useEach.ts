import { type Dispatch, type SetStateAction, useEffect, useRef, useState } from 'react';

/**
 * One thing loaded per id, for a list whose rows carry only an id (a follow-up's incident, a sent alert's delivery
 * counts): each id is asked for once, `atOnce` at a time, and what arrived is returned by id (missing until known).
 * A failed load is asked again when the ids change. The setter lets live events keep an entry current.
 */
export function useEach<T>(
  ids: readonly string[],
  load: (id: string) => Promise<T>,
  atOnce = 4,
): [ReadonlyMap<string, T>, Dispatch<SetStateAction<ReadonlyMap<string, T>>>] {
  const [loaded, setLoaded] = useState<ReadonlyMap<string, T>>(new Map());
  const asked = useRef(new Set<string>());
  const loader = useRef(load);
  loader.current = load;
  const key = [...new Set(ids)].sort().join(',');

  useEffect(() => {
    const todo = key.split(',').filter((id) => id && !asked.current.has(id));
    todo.forEach((id) => asked.current.add(id));
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        const id = todo[next++]!;
        try {
          const value = await loader.current(id);
          setLoaded((m) => new Map(m).set(id, value));
        } catch {
          asked.current.delete(id);
        }
      }
    };
    for (let i = 0; i < Math.min(atOnce, todo.length); i++) void worker();
  }, [key, atOnce]);

  return [loaded, setLoaded];
}
