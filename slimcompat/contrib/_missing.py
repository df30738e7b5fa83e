"""The error raised for a contrib name that slimcompat does not serve."""


def missing_name_error(where, name, error=AttributeError):
  return error(
      '%s.%s is not provided by slimcompat: slimcompat serves tf.contrib.slim '
      'and the slim names of tf.contrib.framework and tf.contrib.layers only; '
      'port this call to TensorFlow 2 (or to a maintained library).' %
      (where, name))
