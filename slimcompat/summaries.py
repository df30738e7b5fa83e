"""tf_slim.summaries: one-call TensorBoard summaries of tensors.

Typical use::

    slim.summaries.add_histogram_summaries(slim.get_model_variables())
    slim.summaries.add_scalar_summary(total_loss, 'total_loss',
                                      prefix='losses', print_summary=True)
    slim.summaries.add_zero_fraction_summaries(activations)

A summary is tagged with the tensor's op name unless `name` is given, as
``prefix/name`` with a `prefix`.  With ``print_summary=True`` the value is
also printed (to stderr, by a `tf.compat.v1.Print`) each time the summary is
computed; the printing op is what joins the SUMMARIES collection then.
"""

from slimcompat._compat import tf as _tf

__all__ = [
    'add_histogram_summary',
    'add_image_summary',
    'add_scalar_summary',
    'add_zero_fraction_summary',
    'add_histogram_summaries',
    'add_image_summaries',
    'add_scalar_summaries',
    'add_zero_fraction_summaries'
]


def _get_summary_name(tensor, name=None, prefix=None, postfix=None):
  """``[prefix/](name or tensor's op name)[/postfix]``."""
  parts = (prefix, name or tensor.op.name, postfix)
  return '/'.join(part for part in parts if part)


def _maybe_printed(summary_fn, tensor, summary_name, print_summary):
  """Builds a summary; with `print_summary` wraps it in a Print that joins
  the SUMMARIES collection in the plain summary's place."""
  if not print_summary:
    return summary_fn(name=summary_name, tensor=tensor, collections=None)
  summary = summary_fn(name=summary_name, tensor=tensor, collections=[])
  printed = _tf.Print(summary, [tensor], summary_name)
  _tf.add_to_collection(_tf.GraphKeys.SUMMARIES, printed)
  return printed


def add_histogram_summary(tensor, name=None, prefix=None):
  """Adds a histogram summary of `tensor`.

  Args:
    tensor: a tensor or variable.
    name: the tag; default: the tensor's op name.
    prefix: optional prefix of the tag.

  Returns:
    The serialized `Summary` string tensor.
  """
  return _tf.summary.histogram(_get_summary_name(tensor, name, prefix), tensor)


def add_image_summary(tensor, name=None, prefix=None, print_summary=False):
  """Adds an image summary of `tensor` ([batch, height, width, channels]).

  Args:
    tensor: a 4-D image tensor or variable.
    name: the tag; default: the tensor's op name.
    prefix: optional prefix of the tag.
    print_summary: whether to also print the images' values when computed.

  Returns:
    The serialized `Summary` string tensor (the printing one with
    `print_summary`).
  """
  return _maybe_printed(_tf.summary.image, tensor,
                        _get_summary_name(tensor, name, prefix), print_summary)


def add_scalar_summary(tensor, name=None, prefix=None, print_summary=False):
  """Adds a scalar summary of `tensor`.

  Args:
    tensor: a scalar tensor or variable.
    name: the tag; default: the tensor's op name.
    prefix: optional prefix of the tag.
    print_summary: whether to also print the value when computed.

  Returns:
    The serialized `Summary` string tensor (the printing one with
    `print_summary`).
  """
  return _maybe_printed(_tf.summary.scalar, tensor,
                        _get_summary_name(tensor, name, prefix), print_summary)


def add_zero_fraction_summary(tensor, name=None, prefix=None,
                              print_summary=False):
  """Adds a scalar summary of the fraction of zeros in `tensor`.

  The tag is ``[prefix/]name/Fraction_of_Zero_Values``.

  Args:
    tensor: a tensor or variable.
    name: the tag's stem; default: the tensor's op name.
    prefix: optional prefix of the tag.
    print_summary: whether to also print the fraction when computed.

  Returns:
    The serialized `Summary` string tensor.
  """
  name = _get_summary_name(tensor, name, prefix, 'Fraction_of_Zero_Values')
  fraction = _tf.math.zero_fraction(tensor)
  return add_scalar_summary(fraction, name, print_summary=print_summary)


def add_histogram_summaries(tensors, prefix=None):
  """Adds a histogram summary of each of `tensors`; returns the list."""
  return [add_histogram_summary(tensor, prefix=prefix) for tensor in tensors]


def add_image_summaries(tensors, prefix=None):
  """Adds an image summary of each of `tensors`; returns the list."""
  return [add_image_summary(tensor, prefix=prefix) for tensor in tensors]


def add_scalar_summaries(tensors, prefix=None, print_summary=False):
  """Adds a scalar summary of each of `tensors`; returns the list."""
  return [add_scalar_summary(tensor, prefix=prefix,
                             print_summary=print_summary)
          for tensor in tensors]


def add_zero_fraction_summaries(tensors, prefix=None):
  """Adds a zero-fraction summary of each of `tensors`; returns the list."""
  return [add_zero_fraction_summary(tensor, prefix=prefix)
          for tensor in tensors]
