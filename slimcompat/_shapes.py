"""Output lengths of convolutions and pooling, for slim's and the TF1 layers.

Both families predict their output's static shape before building (slim's
dry run and up-front checks, the TF1 layers' ``compute_output_shape``), with
the same arithmetic: a window of `kernel` taps spread by `dilation` slides in
steps of `stride`; ``'valid'`` keeps only whole windows, ``'same'`` (and
``'causal'``) pads to keep ``ceil(length / stride)`` outputs.  Padding is
accepted in any case.
"""

from typing import Any, Optional

__all__ = ['conv_output_length', 'deconv_output_length']


def _dilated(kernel: int, dilation: int) -> int:
  return kernel + (kernel - 1) * (dilation - 1)


def conv_output_length(length: Optional[int], kernel: int, padding: str,
                       stride: int, dilation: int = 1) -> Optional[int]:
  """A convolution's (or pooling's) output length along one axis; None if
  `length` is None."""
  if length is None:
    return None
  if padding.upper() == 'VALID':
    length -= _dilated(kernel, dilation) - 1
  return -(-length // stride)


def deconv_output_length(length: Any, kernel: int, padding: str, stride: int,
                         dilation: int = 1) -> Any:
  """A transposed convolution's output length along one axis.

  `length` may be a scalar tensor; None gives None.
  """
  if length is None:
    return None
  grown = length * stride
  if padding.upper() == 'VALID':
    grown += max(_dilated(kernel, dilation) - stride, 0)
  return grown
