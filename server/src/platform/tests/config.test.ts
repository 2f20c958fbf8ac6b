import { describe, expect, it } from 'vitest';
import { ConfigError, loadSettings } from '../config.ts';

describe('settings from the environment', () => {
  it('runs in demo mode on the embedded database with defaults', () => {
    const s = loadSettings({});
    expect(s).toMatchObject({ port: 3000, databaseUrl: undefined, demo: true, logLevel: 'info', smtp: undefined });
    expect(s.publicUrl).toBe('http://localhost:3000');
    expect(s.dataDir.endsWith('/data')).toBe(true);
  });

  it('is never in demo mode by accident with a server database', () => {
    expect(() => loadSettings({ DATABASE_URL: 'postgres://u@h/db' })).toThrow(/SESSION_SECRET/);
    const s = loadSettings({ DATABASE_URL: 'postgres://u@h/db', SESSION_SECRET: 'x'.repeat(32) });
    expect(s.demo).toBe(false);
    expect(loadSettings({ DATABASE_URL: 'postgres://u@h/db', DEMO: '1' }).demo).toBe(true);
    expect(() => loadSettings({ DEMO: '0' })).toThrow(/SESSION_SECRET/);
  });

  it('names every bad setting and its value', () => {
    try {
      loadSettings({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as ConfigError).message;
      expect(msg).toContain('PORT="abc"');
      expect(msg).toContain('LOG_LEVEL="loud"');
      expect(msg).toContain('DATABASE_URL="mysql://x"');
    }
  });

  it('reads SMTP, proxy and public URL settings', () => {
    const s = loadSettings({
      SMTP_HOST: 'mail.example.vn',
      SMTP_PORT: '465',
      SMTP_SECURE: '1',
      TRUST_PROXY: '10.0.0.1, 10.0.0.2',
      PUBLIC_URL: 'https://gds.example.vn/',
    });
    expect(s.smtp).toMatchObject({ host: 'mail.example.vn', port: 465, secure: true });
    expect(s.trustProxy).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(s.publicUrl).toBe('https://gds.example.vn');
    expect(() => loadSettings({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET/);
  });
});
