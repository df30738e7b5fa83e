"""The fixtures every test directory shares: a fresh graph, a session runner.

``graph`` makes a new `tf.Graph` the default for one test (nothing leaks
between tests); ``run`` evaluates fetches in a new session on the default
graph, initializing the global variables first (a no-op where there are
none).  Parity comparators live in ``tests/parity/harness.py``.
"""

import pytest

from slimcompat._compat import tf


def run_in_session(fetches, feed_dict=None, *, init=True):
  """`fetches` evaluated in a new session on the default graph.

  Args:
    fetches: anything ``Session.run`` takes.
    feed_dict: the feeds.
    init: run ``global_variables_initializer()`` first.
  """
  with tf.Session() as sess:
    if init:
      sess.run(tf.global_variables_initializer())
    return sess.run(fetches, feed_dict)


@pytest.fixture
def graph():
  with tf.Graph().as_default() as g:
    yield g


@pytest.fixture
def run():
  return run_in_session
