"""tf_slim.model_analyzer: sizes of a graph's op outputs and of variables.

Typical use::

    slim.model_analyzer.analyze_ops(tf.compat.v1.get_default_graph(),
                                    print_info=True)
    total_params, total_bytes = slim.model_analyzer.analyze_vars(
        slim.get_model_variables(), print_info=True)
"""


def tensor_description(var):
  """A short string with dtype and shape, e.g. ``(float32 1x8x8x1024)``.

  Args:
    var: a tensor or variable.

  Returns:
    The description (unknown dimensions print as ``None``).
  """
  sizes = 'x'.join(str(size) for size in var.get_shape())
  return '(%s %s)' % (var.dtype.name, sizes)


def _num_elements(tensor):
  """Elements in `tensor`; 0 when its shape is not fully known."""
  return tensor.get_shape().num_elements() or 0


def _print_banner(header):
  rule = '-' * 9
  for line in (rule, header, rule):
    print(line)


def _output_sizes(op):
  """(element count of all outputs, descriptions of the shaped ones)."""
  described = [tensor_description(t) for t in op.outputs if t.get_shape()]
  return sum(_num_elements(t) for t in op.outputs), described


def analyze_ops(graph, print_info=False):
  """Counts the elements of all op outputs of `graph`.

  Outputs of unknown size count as 0.

  Args:
    graph: the graph to analyse.
    print_info: whether to print each op with its output shapes and size.

  Returns:
    The total number of output elements.
  """
  if print_info:
    _print_banner('Operations: name -> (type shapes) [size]')
  grand_total = 0
  for op in graph.get_operations():
    count, described = _output_sizes(op)
    grand_total += count
    if print_info:
      print(op.name, '\t->', ', '.join(described), '[%d]' % count)
  return grand_total


def analyze_vars(variables, print_info=False):
  """Counts the elements and bytes of `variables`.

  Variables of unknown size count as 0.

  Args:
    variables: a list of variables, e.g. `tf.compat.v1.global_variables()`.
    print_info: whether to print each variable and the totals.

  Returns:
    (total number of elements, total number of bytes).
  """
  if print_info:
    _print_banner('Variables: name (type shape) [size]')
  per_variable = [(v, _num_elements(v)) for v in variables]
  elements = sum(count for _, count in per_variable)
  memory = sum(count * v.dtype.size for v, count in per_variable)
  if print_info:
    for v, count in per_variable:
      print(v.name, tensor_description(v),
            '[%d, bytes: %d]' % (count, count * v.dtype.size))
    print('Total size of variables: %d' % elements)
    print('Total bytes of variables: %d' % memory)
  return elements, memory
