import { hostIdentity, isLoopbackHost } from '../../../src/model/ise-url';

const host = (url: string) => new URL(url).hostname;

describe('hostIdentity: one name per machine', () => {
  test.each([
    'http://127.0.0.1:9',
    'http://127.1:9',
    'http://127.9.9.9:9',
    'http://localhost:9',
    'http://LOCALHOST.:9',
    'http://[::1]:9',
    'http://[0:0:0:0:0:0:0:1]:9',
    'http://[::ffff:127.0.0.1]:9',
    'http://2130706433:9',
  ])('%s is this machine', (url) => {
    expect(hostIdentity(host(url))).toBe('loopback');
    expect(isLoopbackHost(host(url))).toBe(true);
  });

  test.each([
    ['https://ISE.example.com.', 'ise.example.com'],
    ['https://ise.example.com', 'ise.example.com'],
    ['https://[::ffff:10.1.2.3]', '10.1.2.3'],
    ['https://10.1.2.3', '10.1.2.3'],
    ['https://[2001:db8::1]', '[2001:db8::1]'],
    ['https://localhost.example.com', 'localhost.example.com'],
    ['https://128.0.0.1', '128.0.0.1'],
  ])('%s is %s, not this machine', (url, identity) => {
    expect(hostIdentity(host(url))).toBe(identity);
    expect(isLoopbackHost(host(url))).toBe(false);
  });
});
