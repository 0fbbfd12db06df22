// The interview page's sampler (static/interview/sample.js, run here outside a browser) gives the
// same numbers and sets as src/sample.rs: the expected values below are the ones its unit
// tests pin, on the same 3-level × 2-section × 5-question book. If one side changes, both
// tests fail until the other follows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { REPO_ROOT } from './lib/env.mjs';

function loadSampler() {
  const context = { TextEncoder, Math };
  context.window = context;
  vm.createContext(context);
  for (const file of ['qbook.js', 'interview/sample.js']) {
    vm.runInContext(readFileSync(path.join(REPO_ROOT, 'themes/default/static', file), 'utf8'), context);
  }
  return context.qbook.sample;
}

/** Levels l1..l3, sections a and b, questions l1a1..l3b5: the book of sample.rs's tests. */
function gridData() {
  const levels = [];
  const q = [];
  let number = 0;
  for (let l = 1; l <= 3; l++) {
    levels.push({ slug: `l${l}`, title: '', short: '', sections: [{ slug: 'a', title: '' }, { slug: 'b', title: '' }] });
    ['a', 'b'].forEach((s, si) => {
      for (let k = 1; k <= 5; k++) q.push([`l${l}${s}${k}`, ++number, l - 1, si, [], 0, '', []]);
    });
  }
  return { levels, q };
}

test('hashes seeds with FNV-1a like sample.rs', () => {
  const { seedHash } = loadSampler();
  assert.equal(seedHash(''), 0x811c9dc5);
  assert.equal(seedHash('a'), 0xe40c292c);
  assert.equal(seedHash('foobar'), 0xbf9cf968);
});

test('generates the mulberry32 outputs sample.rs pins', () => {
  const { Mulberry32 } = loadSampler();
  const zero = new Mulberry32(0);
  assert.deepEqual([zero.next(), zero.next(), zero.next()], [1144304738, 1416247, 958946056]);
  const demo = Mulberry32.fromSeed('demo');
  assert.deepEqual([demo.next(), demo.next(), demo.next()], [3603001048, 581339189, 238296426]);
});

test('draws the sets sample.rs pins', () => {
  const { drawSet } = loadSampler();
  const data = gridData();
  assert.deepEqual([...drawSet(data, 'demo', 7, { levels: [], sections: [] })], ['l1a2', 'l1b3', 'l2a3', 'l2a5', 'l2b2', 'l3a1', 'l3b3']);
  assert.deepEqual(
    [...drawSet(data, 'set-42', 5, { levels: ['l2', 'l3'], sections: ['l2/a', 'l3/b', 'l1/a'] })],
    ['l2a3', 'l2a4', 'l3b1', 'l3b4', 'l3b5'],
  );
});

test('hashes non-ASCII seeds by their UTF-8 bytes', () => {
  const { seedHash } = loadSampler();
  // FNV-1a of the UTF-8 bytes of "ё" (d1 91).
  let h = 0x811c9dc5;
  for (const b of [0xd1, 0x91]) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  assert.equal(seedHash('ё'), h);
});
