"""Deliberate differences from the reference's exception classes.

Each entry matches case ids (a regular expression over `_cases.case_id`) and
states the class slimcompat raises, the class the reference raises, and why
slimcompat differs.  `None` as a class means "no exception".  An entry only
excuses the exact pair of classes it names.
"""

import collections
import re

from slimcompat import _argcheck

Deliberate = collections.namedtuple('Deliberate', 'pattern ours theirs reason')

_MODEL_VARIABLE_PATHS = (r'^(variable|model_variable|batch_norm\[fused\]|'
                         r'separable_conv2d\[depthwise\])\(')

TABLE = (
    Deliberate(
        _MODEL_VARIABLE_PATHS + r'.*regularizer[^,)]*=(returns_str|'
        r'returns_python_float|\{\'beta\':returns_str\})', TypeError, None,
        'The reference hands such a regularizer to get_variable, which puts '
        'whatever it returns into REGULARIZATION_LOSSES (a str, a float); '
        'get_regularization_loss() then fails or sums a string tensor far '
        'from the mistake.  slimcompat raises a TypeError naming the variable '
        'and the regularizer, before creating anything.'),
    Deliberate(
        r'^(conv2d|fully_connected)\(num_outputs=True\)',
        _argcheck.ValueAndTypeError, None,
        'A bool is not a size.  The reference raises TypeError on one end of '
        'the TensorFlow range and builds a layer of one channel / unit on '
        'the other; slimcompat raises on every version.'),
    Deliberate(
        r'^(variable|model_variable)\(initializer=wrong_shape\)', ValueError,
        None,
        'An initializer whose values do not have the requested shape: '
        'TensorFlow 2.12 silently makes a variable of the initializer\'s '
        'shape, later versions raise ValueError; slimcompat raises on every '
        'version, before creating anything.'),
)


def find(case_id, ours, theirs):
  """The entry excusing `ours` vs `theirs` for `case_id`, or None."""
  for entry in TABLE:
    if (entry.ours is ours and entry.theirs is theirs and
        re.search(entry.pattern, case_id)):
      return entry
  return None
