"""tf.contrib.training.HParams / parse_values: TF 1.15's documented behaviour.

The tables below are written from the TF 1.15 API reference (HParams,
parse_values): each case gives the starting hyperparameters, the operation,
and the values (or the exception class) TF 1.15 gives.
"""

import copy
import pickle

import pytest

from slimcompat.contrib.training import HParams
from slimcompat.contrib.training import parse_values

ERRORS = (ValueError, KeyError)

# (initial kwargs, parse string, expected values after parsing | exception).
PARSE_CASES = [
    (dict(a=1), 'a=12', dict(a=12)),
    (dict(b=2.0), 'b=0', dict(b=0.0)),
    (dict(b=2.0), 'b=-2.0e10', dict(b=-2.0e10)),
    (dict(b=2.0), 'b=+2', dict(b=2.0)),
    (dict(b=2.0), 'b=-.54e89', dict(b=-.54e89)),
    (dict(c='relu6'), 'c=relu4', dict(c='relu4')),
    (dict(c='relu6'), 'c=', dict(c='')),
    (dict(d='x'), 'd=/a=b/c/d', dict(d='/a=b/c/d')),
    (dict(c='x'), 'c=2.3"', dict(c='2.3"')),
    (dict(a=1), 'a=11,', dict(a=11)),
    (dict(a=1, c='x'), 'c=relu4, a=5', dict(a=5, c='relu4')),
    (dict(a=1), 'a = 7', dict(a=7)),
    (dict(u=False), 'u=true', dict(u=True)),
    (dict(u=False), 'u=True', dict(u=True)),
    (dict(u=True), 'u=false', dict(u=False)),
    (dict(u=True), 'u=False', dict(u=False)),
    (dict(u=False), 'u=1', dict(u=True)),
    (dict(u=True), 'u=0', dict(u=False)),
    (dict(u=True), 'u=yep', ValueError),
    (dict(l=[1]), 'l=[12,34,56]', dict(l=[12, 34, 56])),
    (dict(l=[1]), 'l=[1 2, 3]', dict(l=[1, 2, 3])),
    (dict(s=['a']), 's=[]', dict(s=[])),
    (dict(s=['a']), 's=[_12,3\'4"]', dict(s=['_12', '3\'4"'])),
    (dict(s=['a']), 's=[high,low]', dict(s=['high', 'low'])),
    (dict(f=[2.0]), 'f=[1,2]', dict(f=[1.0, 2.0])),
    (dict(f=[2.0]), 'f=[1.0,1e-12]', dict(f=[1.0, 1e-12])),
    (dict(l=[1]), 'l=[+3]', dict(l=[3])),
    (dict(a=1, b=2.0, c='x', u=True, l=[1]), 'a=2,b=3.5,c=y,u=false,l=[4,5]',
     dict(a=2, b=3.5, c='y', u=False, l=[4, 5])),
    (dict(a=1), '', dict(a=1)),
    ({'a.b': 0.0}, 'a.b=1.0', {'a.b': 1.0}),
    ({'c.d': 0.0}, 'c.d=abc', ValueError),
    (dict(a=1), 'x=123', ValueError),
    (dict(a=1), 'a=1.0', ValueError),
    (dict(a=1), 'a=poipoi', ValueError),
    (dict(b=1.0), 'b=12x', ValueError),
    (dict(b=1.0), 'b=relu', ValueError),
    (dict(a=1), 'a=[123]', ValueError),
    (dict(l=[1]), 'l=123', ValueError),
    (dict(l=[1]), 'l=[1.0]', ValueError),
    (dict(l=[1]), 'l=[poipoi]', ValueError),
    (dict(a=1), 'a=1,a=2', ValueError),
    (dict(a=1), 'a', ValueError),
    (dict(a=1), '1a=3', ValueError),
    (dict(a=1, l=[1]), 'a=2,l=5', ValueError),
    # TF 1.15: indexed clauses parse (parse_values) but HParams.parse cannot
    # apply them.
    (dict(l=[1, 2]), 'l[1]=5', ValueError),
    (dict(a=1), 'a[0]=5', ValueError),
]


@pytest.mark.parametrize('initial, text, expected', PARSE_CASES)
def test_parse(initial, text, expected):
  hparams = HParams(**initial)
  if isinstance(expected, type):
    with pytest.raises(expected):
      hparams.parse(text)
    assert hparams.values() == initial  # nothing half-applied on a bad clause
    return
  assert hparams.parse(text) is hparams
  assert hparams.values() == expected
  for name, value in expected.items():
    assert type(hparams.get(name)) is type(value)


# (values, type_map, ignore_unknown, expected dict | exception).
PARSE_VALUES_CASES = [
    ('arr[1]=10', {'arr': int}, False, {'arr': {1: 10}}),
    ('arr[0]=10,arr[5]=20', {'arr': int}, False, {'arr': {0: 10, 5: 20}}),
    ('arr[0]=10,arr[1]=20,L[5]=100,L[10]=200', {'arr': int, 'L': int}, False,
     {'arr': {0: 10, 1: 20}, 'L': {5: 100, 10: 200}}),
    ('x=10,arr[1]=20,y=30', {'x': int, 'y': int, 'arr': int}, False,
     {'x': 10, 'arr': {1: 20}, 'y': 30}),
    ('a[0]=5,b[1]=true,c[2]=abc,d[3]=3.14',
     {'a': int, 'b': bool, 'c': str, 'd': float}, False,
     {'a': {0: 5}, 'b': {1: True}, 'c': {2: 'abc'}, 'd': {3: 3.14}}),
    ('x=5,L=[1,2],arr[1]=3', {'x': int, 'L': int, 'arr': int}, False,
     {'x': 5, 'L': [1, 2], 'arr': {1: 3}}),
    ('arr[1]=10,b=5', {'arr': int}, True, {'arr': {1: 10}}),
    ('x=10,foo[0]=bar,arr[1]=20,zzz=78,y=30', {'x': int, 'y': int, 'arr': int},
     True, {'x': 10, 'arr': {1: 20}, 'y': 30}),
    ('arr[1]=5', {}, True, {}),
    ('arr[1]=5', {}, False, ValueError),
    ('arr[1]=1', {'arr[1]': int}, False, ValueError),
    ('arr[1]=[1,2,3]', {'arr': int}, False, ValueError),
    ('arr[1]=[1,2,3],c=8', {'arr': int}, True, ValueError),
    ('x=1,x=1', {'x': int}, False, ValueError),
    ('arr=[100,200],arr[0]=10', {'arr': int}, False, ValueError),
    ('arr[0]=10,arr[0]=20', {'arr': int}, False, ValueError),
    ('arr[0]=10,arr=[100]', {'arr': int}, False, ValueError),
    ('b=[1.5,2]', {'b': float}, False, {'b': [1.5, 2.0]}),
]


@pytest.mark.parametrize('values, type_map, ignore_unknown, expected',
                         PARSE_VALUES_CASES)
def test_parse_values(values, type_map, ignore_unknown, expected):
  if isinstance(expected, type):
    with pytest.raises(expected):
      parse_values(values, type_map, ignore_unknown=ignore_unknown)
  else:
    assert parse_values(values, type_map,
                        ignore_unknown=ignore_unknown) == expected


def test_parse_values_error_messages():
  with pytest.raises(ValueError, match="Multiple assignments to variable 'x'"):
    parse_values('x=1,x=1', {'x': int})
  with pytest.raises(ValueError,
                     match=r"Multiple assignments to variable 'arr\[0\]'"):
    parse_values('arr[0]=10,arr[0]=20', {'arr': int})
  with pytest.raises(ValueError, match='Assignment of a list to a list index'):
    parse_values('arr[1]=[1,2,3]', {'arr': int})
  with pytest.raises(ValueError, match='Unknown hyperparameter type for arr'):
    parse_values('arr[1]=5', {})
  with pytest.raises(ValueError, match="Could not parse hparam 'a' of type "
                     "'int' with value 'x' in a=x"):
    parse_values('a=x', {'a': int})
  with pytest.raises(ValueError, match='Malformed hyperparameter value: =3'):
    parse_values('=3', {'a': int})


class _Context:

  def __init__(self, a, b=0):
    self.a, self.b = a, b


# (initial kwargs, name, value, expected value | exception).
SET_CASES = [
    (dict(f=1.1), 'f', 1, 1.0),
    (dict(f=1.1), 'f', True, ValueError),
    (dict(i=1), 'i', 2.2, ValueError),
    (dict(i=1), 'i', False, ValueError),
    (dict(i=1), 'i', '2', ValueError),
    (dict(b=True), 'b', 1, ValueError),
    (dict(b=True), 'b', False, False),
    (dict(s='str'), 's', 2.2, ValueError),
    (dict(s='str'), 's', 'other', 'other'),
    (dict(l=[1, 2]), 'l', [2, 3.3], ValueError),
    (dict(l=[1, 2]), 'l', [5], [5]),
    (dict(f=[1.0]), 'f', [1, 2], [1.0, 2.0]),
    (dict(i=1), 'i', [1], ValueError),
    (dict(l=[2.0, 3.0]), 'l', 1.0, ValueError),
    (dict(l=[2.0, 3.0]), 'l', (1.0, 2.0), ValueError),
    (dict(n=None), 'n', '1', '1'),
    (dict(i=1), 'missing', 1, KeyError),
]


@pytest.mark.parametrize('initial, name, value, expected', SET_CASES)
def test_set_hparam(initial, name, value, expected):
  hparams = HParams(**initial)
  if isinstance(expected, type):
    with pytest.raises(expected):
      hparams.set_hparam(name, value)
    assert hparams.values() == initial
    return
  hparams.set_hparam(name, value)
  assert getattr(hparams, name) == expected
  assert type(getattr(hparams, name)) is type(expected)


def test_set_hparam_keeps_an_object_of_the_exact_type():
  hparams = HParams(x=_Context(a=1))
  replacement = _Context(a=100, b=100)
  hparams.set_hparam('x', replacement)
  assert hparams.x is replacement


# (kwargs, to_json keyword arguments, expected JSON text).
TO_JSON_CASES = [
    (dict(aaa=123), {}, '{"aaa": 123}'),
    (dict(aaa=123), dict(indent=2), '{\n  "aaa": 123\n}'),
    (dict(aaa=123), dict(separators=(';', '=')), '{"aaa"=123}'),
    (dict(c_c=False, b='hello', aaa=123), dict(sort_keys=True),
     '{"aaa": 123, "b": "hello", "c_c": false}'),
    (dict(f=0.5, l=[1, 2]), {}, '{"f": 0.5, "l": [1, 2]}'),
]


@pytest.mark.parametrize('initial, kwargs, expected', TO_JSON_CASES)
def test_to_json(initial, kwargs, expected):
  assert HParams(**initial).to_json(**kwargs) == expected


# (initial kwargs, JSON text, expected values | exception).
PARSE_JSON_CASES = [
    (dict(aaa=1, b=2.0, c_c='relu6', d=True),
     '{"aaa": 12, "b": 3.0, "c_c": "relu4", "d": false}',
     dict(aaa=12, b=3.0, c_c='relu4', d=False)),
    (dict(b=2.0), '{"b": 3}', dict(b=3.0)),
    (dict(l=[1]), '{"l": [3, 4]}', dict(l=[3, 4])),
    (dict(aaa=1), '{"aaa": 1.5}', ValueError),
    (dict(aaa=1), '{"aaa": 1', ValueError),
    (dict(aaa=1), '{"zzz": 1}', KeyError),
    (dict(d=True), '{"d": 1}', ValueError),
    (dict(a=1, b=2.0), '{"b": 1.5, "a": "x"}', ValueError),
]


@pytest.mark.parametrize('initial, text, expected', PARSE_JSON_CASES)
def test_parse_json(initial, text, expected):
  hparams = HParams(**initial)
  if isinstance(expected, type):
    with pytest.raises(expected):
      hparams.parse_json(text)
    assert hparams.values() == initial
    return
  assert hparams.parse_json(text) is hparams
  assert hparams.values() == expected


def test_json_round_trip():
  source = HParams(aaa=12, b=3.0, c_c='relu4', d=False, l=[1, 2])
  target = HParams(aaa=10, b=20.0, c_c='hello', d=True, l=[0])
  target.parse_json(source.to_json())
  assert target.values() == source.values()


def test_attributes_contains_str_repr():
  hparams = HParams(aaa=1, b=2.0, c_c='relu6', d='/a/b=c/d')
  assert hparams.aaa == 1 and hparams.d == '/a/b=c/d'
  assert 'aaa' in hparams and 'zzz' not in hparams
  text = "[('aaa', 1), ('b', 2.0), ('c_c', 'relu6'), ('d', '/a/b=c/d')]"
  assert str(hparams) == text
  assert repr(hparams) == 'HParams(%s)' % text
  assert HParams().values() == {}


def test_get_with_defaults():
  hparams = HParams(aaa=1, b=2.0, c_c='relu6', d=True, e=[5.0, 6.0])
  assert hparams.get('aaa') == 1
  assert hparams.get('b', 3) == 2.0
  assert hparams.get('e', [1, 2, 3]) == [5.0, 6.0]
  assert hparams.get('unknown') is None
  assert hparams.get('unknown', [1, 2, 3]) == [1, 2, 3]
  for name, default in (('aaa', 2.0), ('b', False), ('c_c', [1, 2, 3]),
                        ('d', 'relu'), ('e', 123.0), ('e', ['a', 'b'])):
    with pytest.raises(ValueError, match="Hparam '%s' of type" % name):
      hparams.get(name, default)


def test_add_and_del_hparam():
  hparams = HParams(aaa=1, b=2.0)
  with pytest.raises(ValueError, match='reserved: aaa'):
    hparams.add_hparam('aaa', 'again')
  with pytest.raises(ValueError, match='reserved: parse'):
    hparams.add_hparam('parse', 1)
  with pytest.raises(ValueError, match='cannot be empty: e'):
    hparams.add_hparam('e', [])
  hparams.del_hparam('aaa')
  hparams.del_hparam('never_there')
  assert 'aaa' not in hparams and not hasattr(hparams, 'aaa')
  hparams.add_hparam('aaa', 'a string now')
  hparams.set_hparam('aaa', 'still a string')
  assert hparams.values() == {'b': 2.0, 'aaa': 'still a string'}


def test_override_from_dict_and_model_structure():
  hparams = HParams(x=1, b=2.0, d=[0.5])
  assert hparams.override_from_dict({'d': [0.1, 0.2], 'x': -2}) is hparams
  assert hparams.values() == {'x': -2, 'b': 2.0, 'd': [0.1, 0.2]}
  hparams.set_from_map({'x': 3})
  assert hparams.x == 3
  marker = object()
  hparams.set_model_structure(marker)
  assert hparams.get_model_structure() is marker


def test_pickle_and_deepcopy_keep_values_and_types():
  hparams = HParams(a=1, b=[1.0, 2.0], c='x')
  for clone in (pickle.loads(pickle.dumps(hparams)), copy.deepcopy(hparams)):
    assert clone.values() == hparams.values()
    clone.set_hparam('b', [3, 4])
    assert clone.b == [3.0, 4.0] and hparams.b == [1.0, 2.0]
    with pytest.raises(ValueError):
      clone.set_hparam('a', 1.5)


# The wire bytes of an HParamDef holding {'a': int64 3}, written by hand from
# TF 1.15's hparam.proto: field 1 (map entry, length 7) { key 'a'; value
# (field 2, length 2) { int64_value (field 1) = 3 } }.
_TF1_WIRE_A_IS_3 = b'\n\x07\n\x01a\x12\x02\x08\x03'


def test_hparam_def_is_tf1s_message():
  hparams = HParams(a=3)
  proto = hparams.to_proto()
  assert proto.DESCRIPTOR.full_name == 'tensorflow.HParamDef'
  assert proto.DESCRIPTOR.file.name == (
      'tensorflow/contrib/training/python/training/hparam.proto')
  assert proto.SerializeToString() == _TF1_WIRE_A_IS_3
  kinds = proto.DESCRIPTOR.nested_types_by_name['HParamType'].fields_by_name
  assert {name: field.number for name, field in kinds.items()} == {
      'int64_value': 1, 'float_value': 2, 'bytes_value': 3, 'int64_list': 4,
      'float_list': 5, 'bytes_list': 6, 'bool_value': 7, 'bool_list': 8}
  restored = type(proto).FromString(_TF1_WIRE_A_IS_3)
  assert HParams.from_proto(restored).values() == {'a': 3}


def test_proto_round_trip_keeps_types():
  hparams = HParams(i=-4, f=0.25, s='relu', b=False, il=[1, 2], fl=[0.5],
                    sl=['x', 'y'], bl=[True, False])
  restored = HParams(hparam_def=hparams.to_proto())
  assert restored.values() == hparams.values()
  assert {name: type(value) for name, value in restored.values().items()} == {
      name: type(value) for name, value in hparams.values().items()}
  assert restored.to_proto() == hparams.to_proto()


@pytest.mark.parametrize('value', [None, object(), {'a': 1}])
def test_to_proto_refuses_unsupported_types(value):
  with pytest.raises(ValueError, match='Unsupported'):
    HParams(x=value).to_proto()


def test_hparam_def_with_values_is_refused_before_anything_is_set():
  proto = HParams(a=1).to_proto()
  with pytest.raises(ValueError, match='mutually exclusive'):
    HParams(hparam_def=proto, b=2)
