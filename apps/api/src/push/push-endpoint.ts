/**
 * Where the server may POST a Web Push message (it will, so an endpoint must not point anywhere else): an https://
 * address on its default port, at a host on PUSH_ALLOWED_HOSTS (`*.example.com` for its subdomains). An entry may
 * name a port (`host:8443`), or `host:*` for any port — for a push service of one's own or the tests' stub, never
 * needed for the browsers' push services. Returns what is wrong with `endpoint`, or null when the server may use it.
 * Both the responders' push subscriptions and the public alert sign-up go through here.
 */
export function pushEndpointProblem(endpoint: string, allowedHosts: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'must be an https:// URL';
  }
  if (url.protocol !== 'https:') return 'must be an https:// URL';
  const host = url.hostname.toLowerCase();
  const port = url.port; // '' for the default port (443)
  const entries = allowedHosts.map((entry) => {
    const match = /^(.+):(\d+|\*)$/.exec(entry);
    return match ? { host: match[1]!, port: match[2]! } : { host: entry, port: '' };
  });
  const hostMatches = (h: string) => (h.startsWith('*.') ? host.endsWith(h.slice(1)) : host === h);
  const forHost = entries.filter((e) => hostMatches(e.host));
  if (forHost.length === 0) return `${host} is not a known push service (PUSH_ALLOWED_HOSTS)`;
  if (!forHost.some((e) => e.port === '*' || e.port === port)) return `${host} is a push service only on its default https port, not ${port}`;
  return null;
}
