"""`new_supervisor`: a `tf.compat.v1.train.Supervisor` without its notice.

TensorFlow marks the Supervisor deprecated and offers nothing public with its
behaviour (slim's training loop is built on it), so the notice it logs on
construction would be about slimcompat's insides: the user's script never
named a Supervisor.  The notice is dropped for that one construction only; a
deprecation notice from anything else logged meanwhile passes, and nothing
stays installed on TensorFlow's logger afterwards.
"""

import logging

from slimcompat._compat import tf

# The name TensorFlow's deprecation notice gives the constructor.
_NOTICE = 'Supervisor.__init__ (from tensorflow.python.training.supervisor)'


class _DropSupervisorNotice(logging.Filter):

  def filter(self, record):
    message = record.getMessage()
    return not (_NOTICE in message and 'is deprecated' in message)


def new_supervisor(**kwargs):
  """`tf.compat.v1.train.Supervisor(**kwargs)`, its deprecation notice dropped.

  Args:
    **kwargs: the Supervisor's constructor arguments.

  Returns:
    The `Supervisor`.
  """
  logger = tf.get_logger()
  quiet = _DropSupervisorNotice()
  logger.addFilter(quiet)
  try:
    return tf.train.Supervisor(**kwargs)
  finally:
    logger.removeFilter(quiet)
