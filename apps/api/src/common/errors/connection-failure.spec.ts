import { connectionFailure } from './connection-failure.js';

/** Which errors are a failed connection (503, retry) rather than a wrong request or a bug. */
describe('connectionFailure', () => {
  const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

  it.each([
    ['the server refuses connections (stopped, restarting)', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), 'ECONNREFUSED'],
    ['the connection was reset under a query', withCode('ECONNRESET'), 'ECONNRESET'],
    ['an administrator (or a failover) terminated the session', withCode('57P01', 'terminating connection due to administrator command'), '57P01'],
    ['the server is starting up or shutting down', withCode('57P03', 'the database system is starting up'), '57P03'],
    ['too many connections', withCode('53300'), '53300'],
    ['a connection exception (class 08)', withCode('08006'), '08006'],
    ['the pool lost the connection', new Error('Connection terminated unexpectedly'), 'Connection terminated unexpectedly'],
    ['the pool could not connect in time', new Error('timeout exceeded when trying to connect'), 'timeout exceeded when trying to connect'],
    ['an error from another realm (a plain object with a code)', { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, 'ECONNREFUSED'],
  ])('%s', (_, error, expected) => expect(connectionFailure(error)).toBe(expected));

  it.each([
    ['a unique violation', withCode('23505', 'duplicate key value')],
    ['a statement timeout (the request was too slow, not the connection)', withCode('57014', 'canceling statement due to statement timeout')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a message that merely mentions a connection', new Error('the Connection terminated field is required')],
    ['a bare string', 'ECONNREFUSED'],
    ['null', null],
  ])('not %s', (_, error) => expect(connectionFailure(error)).toBeNull());
});
