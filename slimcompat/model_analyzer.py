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
    print('---------')
    print('Operations: name -> (type shapes) [size]')
    print('---------')
  total_size = 0
  for op in graph.get_operations():
    op_size = 0
    shapes = []
    for output in op.outputs:
      op_size += output.get_shape().num_elements() or 0
      if output.get_shape():
        shapes.append(tensor_description(output))
    if print_info:
      print(op.name, '\t->', ', '.join(shapes), '[' + str(op_size) + ']')
    total_size += op_size
  return total_size


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
    print('---------')
    print('Variables: name (type shape) [size]')
    print('---------')
  total_size = 0
  total_bytes = 0
  for var in variables:
    var_size = var.get_shape().num_elements() or 0
    var_bytes = var_size * var.dtype.size
    total_size += var_size
    total_bytes += var_bytes
    if print_info:
      print(var.name, tensor_description(var),
            '[%d, bytes: %d]' % (var_size, var_bytes))
  if print_info:
    print('Total size of variables: %d' % total_size)
    print('Total bytes of variables: %d' % total_bytes)
  return total_size, total_bytes
