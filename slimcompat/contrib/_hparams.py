"""`HParams` and `parse_values`: TF 1.x's hyperparameter container.

An `HParams` holds named values as plain attributes.  Each name keeps the
type of the value it was added with (for a list: the type of its first
element), and later assignments through `set_hparam`, `parse`, `parse_json`
or `override_from_dict` are checked and converted against it the way
TensorFlow 1.15 did: an int may become a float, never the reverse; bools and
numbers never convert into each other; only strings go into string
hyperparameters; a list only into a list hyperparameter.
"""

import json
import numbers
import re

from slimcompat.contrib import _hparam_def

# One clause of a parse string: NAME or NAME[INDEX], '=', then either a bare
# value (anything up to the next comma, no '[') or a bracketed list, then the
# end of the string or a comma (spaces after it are skipped).
_CLAUSE = re.compile(
    r'(?P<name>[A-Za-z][\w.]*)'
    r'(?:\[\s*(?P<index>\d+)\s*\])?'
    r'\s*=\s*'
    r'(?:\[(?P<items>[^\]]*)\]|(?P<scalar>[^,\[]*))'
    r'(?:$|,\s*)')

# parity: the ValueError texts below are TF 1.15's, which callers match on.


def _cannot_parse(name, kind, text, values):
  return ValueError("Could not parse hparam '%s' of type '%s' with value '%s' "
                    'in %s' % (name, kind.__name__, text, values))


def _assigned_twice(name, values):
  return ValueError("Multiple assignments to variable '%s' in %s" %
                    (name, values))


def _text_parser(kind, name, values):
  """Function turning one token of the parse string into a `kind` value."""
  if kind is not bool:
    def parse_token(text):
      try:
        return kind(text)
      except (TypeError, ValueError):
        raise _cannot_parse(name, kind, text, values) from None
    return parse_token

  def parse_bool(text):
    if text in ('true', 'True'):
      return True
    if text in ('false', 'False'):
      return False
    try:
      return bool(int(text))
    except ValueError:
      raise _cannot_parse(name, kind, text, values) from None
  return parse_bool


def parse_values(values, type_map, ignore_unknown=False):
  """Parses ``'name=value,...'`` overrides into a dict, by the types given.

  Each comma-separated clause is ``name=value`` (a scalar: an int, a float,
  ``true``/``false`` (or ``True``/``False``, ``1``/``0``) for bools, or a
  string without commas or brackets), ``name=[v1,v2,...]`` (a list; items
  separated by commas or spaces) or ``name[i]=value`` (one list position).
  Names may contain dots.  A name may be assigned once only.

  Args:
    values: the string to parse.
    type_map: dict from hyperparameter name to the type of its values (for a
      list: of its elements).
    ignore_unknown: skip clauses whose name is not in `type_map` instead of
      raising.

  Returns:
    A dict from name to a scalar, a list, or (for indexed assignments) a
    dict from index to scalar, e.g. ``{'x': 5, 'L': [1, 2], 'arr': {1: 3}}``.

  Raises:
    ValueError: on a malformed clause, an unknown name (unless
      `ignore_unknown`), a value that does not parse as its type, a list
      assigned to an index, or a name (or index) assigned twice.
  """
  parsed = {}
  position = 0
  while position < len(values):
    match = _CLAUSE.match(values, position)
    if not match:
      raise ValueError('Malformed hyperparameter value: %s' % values[position:])
    position = match.end()
    name, index = match.group('name'), match.group('index')
    if name not in type_map:
      if ignore_unknown:
        continue
      raise ValueError('Unknown hyperparameter type for %s' % name)
    kind = type_map[name]
    parse_token = _text_parser(kind, name, values)
    items = match.group('items')
    if items is not None:
      if index is not None:
        raise ValueError('Assignment of a list to a list index.')
      if name in parsed:
        raise _assigned_twice(name, values)
      tokens = [token for token in re.split('[ ,]', items) if token]
      try:
        parsed[name] = [parse_token(token) for token in tokens]
      except ValueError:
        raise _cannot_parse(name, kind, items, values) from None
      continue
    value = parse_token(match.group('scalar'))
    if index is None:
      if name in parsed:
        raise _assigned_twice(name, values)
      parsed[name] = value
      continue
    positions = parsed.setdefault(name, {})
    if not isinstance(positions, dict):
      raise _assigned_twice(name, values)
    if int(index) in positions:
      raise _assigned_twice('%s[%d]' % (name, int(index)), values)
    positions[int(index)] = value
  return parsed


def _converted(name, kind, value):
  """`value` as a `kind` hyperparameter value, or ValueError if refused."""
  if type(value) is kind:
    return value  # no conversion at all, even for user-defined classes
  if kind is type(None):
    return value  # a hyperparameter added as None takes anything
  refused = ValueError("Could not cast hparam '%s' of type '%s' from value %r"
                       % (name, kind, value))
  if issubclass(kind, (str, bytes)) and not isinstance(value, (str, bytes)):
    raise refused
  if issubclass(kind, bool) != isinstance(value, bool):
    raise refused
  if issubclass(kind, numbers.Integral) and not isinstance(
      value, numbers.Integral):
    raise refused
  if issubclass(kind, numbers.Number) and not isinstance(
      value, numbers.Number):
    raise refused
  return kind(value)


class HParams:
  """A set of named hyperparameters, readable as attributes.

  ``HParams(learning_rate=0.1, layers=[64, 32], optimizer='sgd')`` gives
  ``hparams.learning_rate == 0.1``; ``hparams.parse('learning_rate=0.3,
  layers=[128,64]')`` overrides values from a command-line string (see
  `parse_values` for the syntax) and ``parse_json`` from a JSON object.
  Supported value types are int, float, bool and str and non-empty lists of
  them; other objects are stored and compared by exact type.
  """

  _HAS_DYNAMIC_ATTRIBUTES = True  # parity: TF 1.x sets it for type checkers

  def __init__(self, hparam_def=None, model_structure=None, **kwargs):
    """Creates the hyperparameters given as keyword arguments, or those of
    an ``HParamDef`` protocol buffer.

    Args:
      hparam_def: an ``HParamDef`` (as made by `to_proto`), or None.
      model_structure: any object, kept for `get_model_structure`.
      **kwargs: hyperparameter names and values (not with `hparam_def`).

    Raises:
      ValueError: if a name is reserved (an HParams method), a list value
        is empty, or both `hparam_def` and keyword values are given.
      AssertionError: if `hparam_def` is given and not an ``HParamDef`` (as
        in TF 1.x).
    """
    self._hparam_types = {}
    self._model_structure = model_structure
    if not hparam_def:
      for name, value in kwargs.items():
        self.add_hparam(name, value)
      return
    if not isinstance(hparam_def, _hparam_def.HParamDef):
      raise AssertionError(
          'hparam_def must be a %s protocol buffer (see HParams.to_proto), '
          'got %s' % (_hparam_def.FULL_NAME, type(hparam_def).__name__))
    if kwargs:
      raise ValueError('hparam_def and initialization values are mutually '
                       'exclusive')
    for name in sorted(hparam_def.hparam):
      self.add_hparam(name, _value_of_proto(hparam_def.hparam[name]))

  def add_hparam(self, name, value):
    """Adds hyperparameter `name` with `value`, which fixes its type.

    Raises:
      ValueError: if `name` is taken (a method, or a hyperparameter with a
        value other than None) or `value` is an empty list.
    """
    if getattr(self, name, None) is not None:
      raise ValueError('Hyperparameter name is reserved: %s' % name)
    if isinstance(value, (list, tuple)):
      if not value:
        raise ValueError(
            'Multi-valued hyperparameters cannot be empty: %s' % name)
      self._hparam_types[name] = (type(value[0]), True)
    else:
      self._hparam_types[name] = (type(value), False)
    setattr(self, name, value)

  def set_hparam(self, name, value):
    """Sets an existing hyperparameter, checked against its type.

    Raises:
      KeyError: if there is no hyperparameter `name`.
      ValueError: if `value` is a list for a scalar, a scalar for a list, or
        of a type that does not convert (see the class docstring).
    """
    setattr(self, name, self._checked(name, value))

  def _checked(self, name, value):
    kind, is_list = self._hparam_types[name]
    if isinstance(value, list):
      if not is_list:
        raise ValueError(
            'Must not pass a list for single-valued parameter: %s' % name)
      return [_converted(name, kind, item) for item in value]
    if is_list:
      raise ValueError(
          'Must pass a list for multi-valued parameter: %s.' % name)
    return _converted(name, kind, value)

  def del_hparam(self, name):
    """Removes hyperparameter `name`; nothing happens if there is none."""
    if hasattr(self, name):
      delattr(self, name)
      del self._hparam_types[name]

  def parse(self, values):
    """Overrides values from a ``'name=value,...'`` string; returns self.

    Indexed clauses (``arr[1]=5``) parse but, as in TF 1.15, cannot be
    applied to a hyperparameter: they raise ValueError here.

    Raises:
      ValueError: if `values` does not parse or a value does not fit.
    """
    type_map = {name: kind for name, (kind, _) in self._hparam_types.items()}
    return self.override_from_dict(parse_values(values, type_map))

  def override_from_dict(self, values_dict):
    """Sets each ``name: value`` of `values_dict` (`set_hparam`); returns self.

    All values are checked before any is set, so an error changes nothing.
    """
    checked = {name: self._checked(name, value)
               for name, value in values_dict.items()}
    for name, value in checked.items():
      setattr(self, name, value)
    return self

  def set_from_map(self, values_map):
    """Deprecated spelling of `override_from_dict`."""
    return self.override_from_dict(values_dict=values_map)

  def set_model_structure(self, model_structure):
    self._model_structure = model_structure

  def get_model_structure(self):
    return self._model_structure

  def to_json(self, indent=None, separators=None, sort_keys=False):
    """The values as a JSON object (arguments as for `json.dumps`)."""
    return json.dumps(self.values(), indent=indent, separators=separators,
                      sort_keys=sort_keys)

  def parse_json(self, values_json):
    """Overrides values from a JSON object string; returns self.

    Raises:
      ValueError: if the JSON is invalid or a value does not fit.
    """
    return self.override_from_dict(json.loads(values_json))

  def values(self):
    """A dict of every hyperparameter's name and current value."""
    return {name: getattr(self, name) for name in self._hparam_types}

  def get(self, key, default=None):
    """The value of `key`, or `default` if there is no such hyperparameter.

    Raises:
      ValueError: if `key` exists and a non-None `default` could not be
        assigned to it (wrong type, or list-ness differs).
    """
    if key not in self._hparam_types:
      return default
    if default is not None:
      kind, is_list = self._hparam_types[key]
      kind_text = 'list<%s>' % kind if is_list else str(kind)
      problem = "Hparam '%s' of type '%s' is incompatible with default=%s" % (
          key, kind_text, default)
      if is_list != isinstance(default, list):
        raise ValueError(problem)
      try:
        for item in default if is_list else [default]:
          _converted(key, kind, item)
      except ValueError as error:
        raise ValueError('%s. %s' % (problem, error)) from None
    return getattr(self, key)

  def __contains__(self, key):
    return key in self._hparam_types

  def __str__(self):
    return str(sorted(self.values().items()))

  def __repr__(self):
    return '%s(%s)' % (type(self).__name__, self)

  def to_proto(self, export_scope=None):
    """The hyperparameters as a ``tensorflow.HParamDef`` protocol buffer.

    Strings are stored as UTF-8 bytes, floats as 32-bit floats (as in TF
    1.x).

    Raises:
      ValueError: if a hyperparameter's type is not bool, int, float or
        str/bytes (or a list of one of them).
    """
    del export_scope  # TF 1.x took it for the proto-serialisable interface
    kinds = {name: _proto_kind(name, kind, is_list)
             for name, (kind, is_list) in self._hparam_types.items()}
    proto = _hparam_def.HParamDef()
    for name, kind in kinds.items():
      value = getattr(self, name)
      entry = proto.hparam[name]
      if kind.endswith('_list'):
        values = getattr(entry, kind)
        values.SetInParent()
        values.value.extend(_as_bytes(item) if kind == 'bytes_list' else item
                            for item in value)
      else:
        setattr(entry, kind,
                _as_bytes(value) if kind == 'bytes_value' else value)
    return proto

  @staticmethod
  def from_proto(hparam_def, import_scope=None):
    """An HParams holding the values of ``HParamDef`` `hparam_def`."""
    del import_scope  # as for to_proto
    return HParams(hparam_def=hparam_def)


def _proto_kind(name, kind, is_list):
  """The HParamType field that holds a `kind` (list) hyperparameter."""
  if issubclass(kind, bool):
    stem = 'bool'
  elif issubclass(kind, numbers.Integral):
    stem = 'int64'
  elif issubclass(kind, (str, bytes)):
    stem = 'bytes'
  elif issubclass(kind, float):
    stem = 'float'
  else:
    raise ValueError('Unsupported parameter type for hparam %s: %s (HParamDef '
                     'holds bool, int, float and str values and lists)' %
                     (name, kind))
  return stem + ('_list' if is_list else '_value')


def _as_bytes(text):
  return text.encode('utf-8') if isinstance(text, str) else text


def _value_of_proto(entry):
  """The Python value (or list) held by one HParamType message."""
  kind = entry.WhichOneof('kind')
  if kind is None:
    raise ValueError('An HParamDef entry has no value set: %s' % entry)
  if kind.endswith('_value'):
    values, single = [getattr(entry, kind)], True
  else:
    values, single = list(getattr(entry, kind).value), False
  if kind.startswith('int64'):
    values = [int(value) for value in values]
  elif kind.startswith('bytes'):
    values = [value.decode('utf-8') for value in values]
  return values[0] if single else values
