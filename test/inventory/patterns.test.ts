import t from 'tap';
import { selectHostNames } from '../../src/inventory/patterns.js';

const hosts = ['cbr8-1', 'cbr8-2', 'ncs560-1', 'ncs1004-1', 'ncs1004-2'];
const groups = { cbr8: ['cbr8-1', 'cbr8-2'], xr: ['ncs560-1', 'ncs1004-1', 'ncs1004-2'], lab: ['cbr8-2', 'ncs1004-2'] };

t.test('host patterns', async (t) => {
  const table: Array<[string, string[] | RegExp]> = [
    ['all', hosts],
    ['*', hosts],
    ['cbr8-1', ['cbr8-1']],
    ['cbr8', ['cbr8-1', 'cbr8-2']],
    ['ncs1004-*', ['ncs1004-1', 'ncs1004-2']],
    ['ncs?*-1', ['ncs560-1', 'ncs1004-1']],
    ['~^ncs(560|1004)-1$', ['ncs560-1', 'ncs1004-1']],
    ['xr,cbr8-1', ['cbr8-1', 'ncs560-1', 'ncs1004-1', 'ncs1004-2']],
    ['xr,!lab', ['ncs560-1', 'ncs1004-1']],
    ['all,&lab', ['cbr8-2', 'ncs1004-2']],
    ['!xr', ['cbr8-1', 'cbr8-2']],
    [' cbr8-2 , ncs560-1 ', ['cbr8-2', 'ncs560-1']],
    ['typo-host', /"typo-host" matches no host or group/],
    ['cbr8,!nope', /"nope" matches no host or group/],
    ['zz*', /"zz\*" matches no host/],
    ['~([', /not a valid regular expression/],
    ['', /empty host pattern/],
    [' , ', /empty host pattern/],
  ];
  for (const [pattern, expected] of table) {
    const r = selectHostNames(pattern, hosts, groups);
    if (Array.isArray(expected)) {
      t.same(r, { ok: true, hosts: expected }, pattern);
    } else {
      t.equal(r.ok, false, pattern);
      if (!r.ok) t.match(r.error, expected, pattern);
    }
  }
});

t.test('a control or non-ASCII character in a pattern is refused, not trimmed away', async (t) => {
  for (const pattern of ['cbr8\t', '\ufeffcbr8', 'cbr8-1\u000b', 'cbr8\u200b', 'cbr8\n,ncs1004-1']) {
    const result = selectHostNames(pattern, hosts, groups);
    t.same(result.ok, false, JSON.stringify(pattern));
    if (!result.ok) t.match(result.error, /holds a control or non-ASCII character/);
  }
  t.same(selectHostNames(' cbr8 , lab ', hosts, groups), { ok: true, hosts: ['cbr8-1', 'cbr8-2', 'ncs1004-2'] }, 'spaces around terms are still fine');
});
