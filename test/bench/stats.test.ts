import t from 'tap';
import { median, percentile, summarize } from '../../bench/harness/stats.js';

t.test('median of odd and even counts', async (t) => {
  t.equal(median([5, 1, 3]), 3);
  t.equal(median([4, 1, 3, 2]), 2.5);
  t.equal(median([7]), 7);
});

t.test('nearest-rank percentiles', async (t) => {
  const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
  t.equal(percentile(ten, 90), 9);
  t.equal(percentile(ten, 100), 10);
  t.equal(percentile(ten, 0), 1);
  t.equal(percentile(ten, 50), 5);
  t.equal(percentile([1, 2, 3], 90), 3);
});

t.test('summarize', async (t) => {
  const input = [3, 1, 2, 4];
  t.same(summarize(input), { count: 4, median: 2.5, p90: 4, mean: 2.5, min: 1, max: 4 });
  t.same(input, [3, 1, 2, 4], 'the samples are not reordered');
});

t.test('refusals', async (t) => {
  t.throws(() => summarize([]), { code: 'E_INVALID_ARGUMENT', message: /no samples/ });
  t.throws(() => median([1, Number.NaN]), { code: 'E_INVALID_ARGUMENT', message: /not a finite number/ });
  t.throws(() => percentile([1], 101), { code: 'E_INVALID_ARGUMENT', message: /0-100/ });
});
