import sharp from 'sharp';

/** A small JPEG carrying EXIF like a phone's: camera make, a timestamp, and a GPS position in Chicago. */
export function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#7a1f2b' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'Centinela 1', DateTime: '2026:11:22 08:15:00' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '41/1 51/1 6/1', GPSLongitudeRef: 'W', GPSLongitude: '87/1 39/1 12/1' },
    })
    .toBuffer();
}

export const pngImage = () =>
  sharp({ create: { width: 10, height: 10, channels: 4, background: '#00ff00ff' } })
    .png()
    .toBuffer();

/** Posts one file as multipart/form-data field `photo`, the way a browser form does. */
export async function upload(url: string, token: string | null, bytes: Buffer, type: string, filename = 'photo.jpg', fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('photo', new Blob([new Uint8Array(bytes)], { type }), filename);
  const res = await fetch(url, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
