import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations.ts';

/**
 * The SHA-256 of each landed migration's SQL text. A landed migration never changes (stores out
 * there ran it as it was); a new one adds its line here when it lands.
 */
const LANDED = [
  '36236605b12971c91bc32cffac3ea7095224b29d77d0bb3a2c7f5f138148b2e7',
  '270d881c60970b63e83467b270dd4e167f6652b26fe9d886fcf38810ec3aeb57',
  '5048a69377786a3816d695e2114aba141b781a6f0a43dcdc05b292dde6813c5a',
  'b515a05e203150180b42518475d4c5d08056988f4bc9f5f976fa2e8162f2ef5a',
  'afe0b41161921000f3be8f592e55e40ed4222fc06ddbb10183113fa022c5b950',
  '7bd1b533f46843f4dbf88e879146190d28aa4f2a54f556e11386d00267b00140',
  'f479a711ba126c56340fbc20854b95936c7cbc7e1b1e2ca4dae59508164cb79d',
  '8fa99f767ffad12f81213293677632aa44f48c3579a32d6495e935b09c1303f5',
  '093ecc49d0a477213e0401856ce8a4d79f30a8bec06278c1180f1a3f06be6e4d',
  'e6a7a7c9b0c6113f4a799d5b9e64aa8de078f780334245d9c00c433566c4bfef',
  '224eba710c1011345ecc11fa73e7b0aa082ea4538725e70ae267c0a63ac5f90b',
];

/** sqlite_master of a store made by migrations 1 to 7 before they were frozen as literal SQL. */
const SCHEMA_7 = JSON.parse(readFileSync(new URL('fixtures/schema-7.json', import.meta.url), 'utf8')) as unknown[];

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('landed migrations', () => {
  it('keep the SQL text they landed with, and each has its checksum', () => {
    expect(MIGRATIONS.map((sql, i) => `${i + 1} ${sha256(sql)}`)).toEqual(LANDED.map((h, i) => `${i + 1} ${h}`));
  });

  it('build the schema that stores made before have, to the letter', () => {
    const db = new Database(join(mkdtempSync(join(tmpdir(), 'youcheng-migrations-')), 'test.db'));
    db.pragma('foreign_keys = ON');
    for (const [i, sql] of MIGRATIONS.slice(0, 7).entries()) {
      db.exec(sql);
      db.pragma(`user_version = ${i + 1}`);
    }
    expect(db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all()).toEqual(SCHEMA_7);
    db.close();
  });
});
