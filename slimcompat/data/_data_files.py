"""Expanding data-source specs (file names and glob patterns) into file lists."""

from slimcompat._compat import tf2

_GLOB_CHARACTERS = ('*', '?', '[')


def get_data_files(data_sources):
  """Expands `data_sources` into the list of files they name.

  A source with a glob character (``*``, ``?``, ``[``) is matched against the
  file system; any other source is taken as a file name as it is (it is not
  checked for existence).

  Args:
    data_sources: a file name or pattern, or a list/tuple of them, e.g.
      ``/data/train-*`` or ``['/data/a.tfrecord', '/data/b-?.tfrecord']``.

  Returns:
    A list of file names.

  Raises:
    ValueError: if a source (or the whole list) names no file.
  """
  if isinstance(data_sources, (list, tuple)):
    # Each member must name a file on its own (its error names it).
    found = [name for source in data_sources
             for name in get_data_files(source)]
  else:
    found = _expand(data_sources)
  if found:
    return found
  raise ValueError(
      'No data files found in %s: check the path, or the glob pattern, of '
      'the data sources.' % (data_sources,))


def _expand(source):
  """The files a single source names: glob matches, or the name itself."""
  if any(char in source for char in _GLOB_CHARACTERS):
    return tf2.io.gfile.glob(source)
  return [source]
