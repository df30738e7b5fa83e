"""slim.learning.train's Supervisor is built without TensorFlow's deprecation
notice about it (issue 17), and nothing else is hidden."""

import logging

from slimcompat._compat import tf
from slimcompat.training import _quiet_supervisor

# How TensorFlow words its notices (tensorflow/python/util/deprecation.py).
_TF_FORMAT = ('From %s: %s (from %s) is deprecated and will be removed %s.\n'
              'Instructions for updating:\n%s')


def _record(qualified_name, module):
  return logging.LogRecord(
      'tensorflow', logging.WARNING, __file__, 1, _TF_FORMAT,
      ('x.py:3', qualified_name, module, 'in a future version', 'Use y.'),
      None)


def test_only_the_supervisors_notice_is_dropped():
  keep = _quiet_supervisor._DropSupervisorNotice().filter
  assert not keep(_record('Supervisor.__init__',
                          'tensorflow.python.training.supervisor'))
  assert keep(_record('div', 'tensorflow.python.ops.math_ops'))
  assert keep(_record('Supervisor.__init__', 'my_project.supervisor'))
  assert keep(logging.LogRecord('tensorflow', logging.INFO, __file__, 1,
                                'Supervisor started', None, None))


def test_the_filter_is_on_the_logger_for_the_construction_only(tmp_path):
  logger = tf.get_logger()
  before = list(logger.filters)
  seen = []

  class Spy(logging.Handler):

    def emit(self, record):
      seen.append(record.getMessage())

  spy = Spy()
  logger.addHandler(spy)
  try:
    with tf.Graph().as_default():
      tf.train.get_or_create_global_step()
      # A notice that is not the Supervisor's, logged while it is built
      # (here by a user's subclass), still shows.
      original = tf.train.Supervisor

      class UsersSupervisor(original):

        def __init__(self, **kwargs):
          logger.warning(_TF_FORMAT, 'user.py:9', 'old_fn', 'user', 'soon',
                         'Use new_fn.')
          super().__init__(**kwargs)

      tf.train.Supervisor = UsersSupervisor
      try:
        supervisor = _quiet_supervisor.new_supervisor(logdir=str(tmp_path))
      finally:
        tf.train.Supervisor = original
  finally:
    logger.removeHandler(spy)
  assert isinstance(supervisor, UsersSupervisor)
  assert logger.filters == before
  assert not [m for m in seen if 'Supervisor.__init__' in m]
  assert [m for m in seen if 'old_fn (from user) is deprecated' in m]
