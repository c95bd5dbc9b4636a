import { TestApp } from '../support/test-app.js';

/** The API documents itself: every route has a summary and the error responses it can give. */
describe('the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('gives every operation a summary and its error responses', async () => {
    const res = await t.api.get('/api/docs-json');
    expect(res.status).toBe(200);
    const problems: string[] = [];
    let operations = 0;
    for (const [route, item] of Object.entries(res.body.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(item)) {
        operations++;
        const where = `${method.toUpperCase()} ${route}`;
        if (!op.summary || op.summary.length < 10) problems.push(`${where}: no summary`);
        const codes = Object.keys(op.responses ?? {});
        if (!codes.some((c) => c.startsWith('2'))) problems.push(`${where}: no success response`);
        if (!codes.includes('500')) problems.push(`${where}: no 500`);
        if (op.security?.length && !(codes.includes('401') && codes.includes('403'))) problems.push(`${where}: signed-in route without 401/403`);
        if ((op.requestBody || op.parameters?.length) && !codes.includes('400')) problems.push(`${where}: input without 400`);
        if (/\{[^}]+\}/.test(route) && !codes.includes('404')) problems.push(`${where}: id without 404`);
      }
    }
    expect(operations).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });
});
