"""The environment for a test's child interpreter: this checkout first on
PYTHONPATH (so the child imports the slimcompat under test), TensorFlow's C++
log quiet unless asked otherwise."""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def child_env(tf_log_level='2', **extra):
  """os.environ plus ROOT on PYTHONPATH and `extra`; ``tf_log_level=None``
  leaves TF_CPP_MIN_LOG_LEVEL unset (the child's own default)."""
  env = dict(os.environ)
  if tf_log_level is None:
    env.pop('TF_CPP_MIN_LOG_LEVEL', None)
  else:
    env['TF_CPP_MIN_LOG_LEVEL'] = tf_log_level
  env['PYTHONPATH'] = os.pathsep.join(
      [ROOT] + [p for p in env.get('PYTHONPATH', '').split(os.pathsep) if p])
  env.update(extra)
  return env
