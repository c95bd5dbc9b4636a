import { expect, mapLoaded, pixelOf, renderedIds, signIn, test, town } from './driver.js';

test('a coordinator draws a zone with the mouse, and it is still there after reload', async ({ page }) => {
  await signIn(page, 'coordinator');
  await mapLoaded(page);
  const center = town(850, 1550); // Loma Alta, the north-east of the demo town: no zone there yet
  await page.evaluate((c) => (window as any).centinelaMap.jumpTo({ center: c, zoom: 14 }), center);

  await page.getByTestId('draw-zone').click();
  const corners: [number, number][] = [town(550, 1300), town(1150, 1300), town(1150, 1800), town(550, 1800)];
  for (const corner of [...corners, corners[0]!]) {
    const { x, y } = await pixelOf(page, corner);
    await page.mouse.move(x, y);
    await page.mouse.click(x, y);
  }

  const form = page.getByTestId('new-zone-form');
  await form.getByLabel(/zone name/i).fill('Loma Alta');
  await form.getByRole('button', { name: /save zone/i }).click();
  await expect(page.getByTestId('zone-Loma Alta')).toBeVisible();

  await page.reload();
  await mapLoaded(page);
  await page.evaluate((c) => (window as any).centinelaMap.jumpTo({ center: c, zoom: 14 }), center);
  await expect(page.getByTestId('zone-Loma Alta')).toBeVisible();
  const zoneId = await page.evaluate(async () => {
    const token = JSON.parse(localStorage.getItem('centinela.session')!).accessToken;
    const zones = await (await fetch('/api/zones', { headers: { authorization: `Bearer ${token}` } })).json();
    return zones.find((z: any) => z.name === 'Loma Alta');
  });
  expect(zoneId.area.type).toBe('MultiPolygon');
  const ring: number[][] = zoneId.area.coordinates[0][0];
  expect(ring).toHaveLength(5);
  for (const [i, corner] of corners.entries()) {
    expect(ring[i]![0]).toBeCloseTo(corner[0], 3);
    expect(ring[i]![1]).toBeCloseTo(corner[1], 3);
  }
  await expect.poll(() => renderedIds(page, 'zones-fill')).toContain(zoneId.id);
});
