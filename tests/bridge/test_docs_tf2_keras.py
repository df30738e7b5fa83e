"""docs/tf2_keras.md: each of its three examples (Keras, distribute, export)
runs as written in a fresh process and does what the page says."""

import os
import re
import subprocess
import sys

import pytest

from slimcompat import _compat
from tests.child_env import child_env

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
PAGE = os.path.join(ROOT, 'docs', 'tf2_keras.md')
SEED = 'import numpy as np; np.random.seed(0)\n'

CHECKS = {
    'Keras': '''
losses = history.history['loss']
assert losses[-1] < losses[0], losses
assert [w.path for w in layer.non_trainable_weights] == [
    'conv1/BatchNorm/moving_mean', 'conv1/BatchNorm/moving_variance']
assert len(model.losses) == 1
''',
    'Distribute': '''
assert strategy.num_replicas_in_sync == 2
assert all(len(w.value.values) == 2 for w in layer.weights)
assert [type(w.value).__name__ for w in layer.non_trainable_weights] == [
    'SyncOnReadVariable'] * 2
''',
    'Export': '''
expected = module.serve(images)['logits'].numpy()
assert logits.shape == expected.shape
np.testing.assert_allclose(logits, expected,
                           atol=0.05 * np.abs(expected).max())
''',
}


def _blocks():
  text = open(PAGE, encoding='utf-8').read()
  found = {}
  for section in text.split('\n## ')[1:]:
    title = section.split('\n', 1)[0].split(':')[0].strip()
    found[title] = re.findall(r'```python\n(.*?)```', section, re.S)
  return found


def test_page_has_one_example_per_section():
  assert {title: len(blocks) for title, blocks in _blocks().items()} == {
      'Keras': 1, 'Distribute': 1, 'Export': 1}


@pytest.mark.skipif(not _compat.KERAS3_ERA,
                    reason='the page is about Keras 3 (TF 2.16+); '
                           'test_keras.py tests the refusal before')
@pytest.mark.parametrize('section', sorted(CHECKS))
def test_example_runs(section):
  code = SEED + _blocks()[section][0] + CHECKS[section] + 'print("DOC-OK")\n'
  env = child_env()
  result = subprocess.run([sys.executable, '-c', code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300,
                          check=False)
  assert 'DOC-OK' in result.stdout, result.stdout[-3000:] + result.stderr[
      -5000:]
