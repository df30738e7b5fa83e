"""How a ResNet reaches a requested output stride: unit strides and atrous rates.

Used by `resnet_utils.stack_blocks_dense` to build, and by the network body to
reject an unreachable `output_stride` before any scope or variable exists.
"""


def unit_plan(blocks, output_stride):
  """Plans `stack_blocks_dense`: [(block, [(unit kwargs, rate), ...]), ...].

  Once the stride so far equals `output_stride`, later units get stride 1 and
  the atrous rate grows by the stride they would have used instead.

  Raises:
    ValueError: if `output_stride` is not the product of the unit strides up
      to some unit (checked for the whole plan before anything is built).
  """
  unreachable = ValueError(
      'The target output_stride cannot be reached: output_stride=%r must be '
      'None or a product of the unit strides from the first unit on.' %
      (output_stride,))
  plan = []
  current_stride, rate = 1, 1
  for block in blocks:
    units = []
    for unit in block.args:
      if output_stride is not None and current_stride > output_stride:
        raise unreachable
      stride = unit.get('stride', 1)
      if output_stride is not None and current_stride == output_stride:
        # Past the target stride: keep the resolution, dilate instead.
        units.append((dict(unit, stride=1), rate))
        rate *= stride
      else:
        units.append((unit, 1))
        current_stride *= stride
    plan.append((block, units))
  if output_stride is not None and current_stride != output_stride:
    raise unreachable
  return plan
