"""docs/sequence_models.md: its example runs as written, without Keras, and
makes the variables its comment names."""

import os
import re

from tests.test_no_private_imports import run_with_keras_blocked

PAGE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), 'docs', 'sequence_models.md')

CHECK = '''
names = [v.op.name for v in tf.global_variables()]
assert names == ['rnn/multi_rnn_cell/cell_0/lstm_cell/kernel',
                 'rnn/multi_rnn_cell/cell_0/lstm_cell/bias',
                 'rnn/multi_rnn_cell/cell_1/lstm_cell/kernel',
                 'rnn/multi_rnn_cell/cell_1/lstm_cell/bias'], names
assert outputs.shape.as_list() == [None, 20, 256], outputs.shape
assert state[1].h.shape.as_list() == [None, 256], state[1].h.shape
print('DOCS-RNN-OK')
'''


def test_sequence_models_example_runs():
  blocks = re.findall(r'```python\n(.*?)```',
                      open(PAGE, encoding='utf-8').read(), re.S)
  assert len(blocks) == 1, 'the page should hold one python example'
  result = run_with_keras_blocked(blocks[0] + CHECK)
  assert 'DOCS-RNN-OK' in result.stdout, (result.stdout[-3000:] +
                                          result.stderr[-3000:])
