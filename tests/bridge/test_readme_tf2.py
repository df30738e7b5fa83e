"""The README's "Moving to TF 2" example runs as written, without Keras, and
does what it says."""

import os
import re

from tests.test_no_private_imports import run_with_keras_blocked

README = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    __file__))), 'docs', 'tf2.md')

CHECK = '''
assert report.missing == [] and report.mismatched == []
assert report.loaded == list(model.variables_by_name)
assert len(report.loaded) == len(model.variables) == 267, len(model.variables)
assert losses[-1] < losses[0], losses
restored = served(images=tf.constant(images))['logits'].numpy()
np.testing.assert_allclose(restored, model(images).numpy(), rtol=1e-4,
                           atol=1e-3)
print('README-TF2-OK')
'''


def test_moving_to_tf2_example_runs():
  text = open(README, encoding='utf-8').read()
  section = text.split('## Moving to TF 2', 1)[1].split('\n## ', 1)[0]
  blocks = re.findall(r'```python\n(.*?)```', section, re.S)
  assert len(blocks) == 1, 'the section should hold one python example'
  result = run_with_keras_blocked(blocks[0] + CHECK)
  assert 'README-TF2-OK' in result.stdout, (result.stdout[-3000:] +
                                            result.stderr[-3000:])
