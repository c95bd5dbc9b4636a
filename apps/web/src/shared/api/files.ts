import type { ErrorResponse } from '@centinela/contracts';
import { useEffect, useState } from 'react';
import { ApiError } from './client';
import { sessionStore } from './session-store';

/** Images served only with a token (incident photos, alert images) are fetched and shown as blob URLs. */
export function useAuthorizedImage(path: string | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!path) {
      setUrl(null);
      return;
    }
    let objectUrl: string | null = null;
    void fetch(path, { headers: { authorization: `Bearer ${sessionStore.get()?.accessToken ?? ''}` } })
      .then((r) => (r.ok ? r.blob() : null))
      .then((blob) => blob && setUrl((objectUrl = URL.createObjectURL(blob))));
    return () => {
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [path]);
  return url;
}

/** Sends one photo as multipart/form-data (field `photo`); a refusal throws with the fields the API named. */
export async function uploadPhoto<T>(path: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('photo', file);
  const response = await fetch(path, { method: 'POST', body: form, headers: { authorization: `Bearer ${sessionStore.get()?.accessToken ?? ''}` } });
  const body = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) throw ApiError.of(response.status, body as Partial<ErrorResponse> | null, response.statusText);
  return body as T;
}
