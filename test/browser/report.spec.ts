import { apiAs, expect, mapLoaded, pixelOf, SPOTS, test } from './driver.js';

test('anyone can report from /report without an account, in Spanish', async ({ page, baseURL }) => {
  await page.goto('/report');
  await page.getByTestId('language-switch').selectOption('es');
  await expect(page.getByRole('heading', { name: 'Reporta lo que ves' })).toBeVisible();
  await mapLoaded(page, 'report-map');
  await page.evaluate((c) => (window as any).centinelaMap.jumpTo({ center: c, zoom: 15 }), SPOTS.report);
  const spot = SPOTS.report;
  const { x, y } = await pixelOf(page, spot, 'report-map');
  await page.mouse.click(x, y);

  const description = `Dos camionetas sin placas en la esquina ${Date.now()}`;
  await page.getByLabel('¿Qué ves?').fill(description);
  await page.getByLabel('¿Cuántos agentes?').fill('4');
  await page.getByText('Hace 5 min').click();
  // The photo field speaks the page's language, not the browser's ("Choose File"), and names the photo chosen.
  await expect(page.getByText('Ningún archivo elegido')).toBeVisible();
  await expect(page.getByText('Elegir un archivo')).toBeVisible();
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  await page.getByLabel('Una foto, si es seguro tomarla (opcional)').setInputFiles({ name: 'esquina.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByText('esquina.png')).toBeVisible();
  await page.getByRole('button', { name: 'Enviar reporte' }).click();
  await expect(page.getByTestId('report-thanks')).toContainText('Gracias');

  const dispatcher = await apiAs(baseURL!, 'dispatcher');
  const { body } = await dispatcher.call('GET', '/api/sightings');
  const view = body.find((v: any) => v.sighting.notes === description);
  expect(view.sighting).toMatchObject({ channel: 'web', status: 'reported', size: { agents: 4 } });
  expect(view.sighting.location.coordinates[0]).toBeCloseTo(spot[0], 4);
  expect(view.dispatches).toEqual([]);
});
