"""The 33 cases of TF 1.x's ``hparam_test.py``, rewritten case by case.

TF 1.15's ``tensorflow/contrib/training/python/training/hparam_test.py`` has
33 test methods; each function here is named after one of them (snake case)
and checks the same facts in our own words, the proto round trips
(``to_proto`` / ``HParams(hparam_def=...)``) included.  The TF 1.x file
cannot run here (no TF 1.x package), so this is its stand-in:
``test_all_33_upstream_cases_are_here`` keeps the count honest.
"""

import sys

import pytest

from slimcompat.contrib.training import HParams
from slimcompat.contrib.training import parse_values

UPSTREAM_CASES = (
    'Empty', 'Contains', 'SomeValues', 'WithPeriodInVariableName',
    'SetFromMap', 'BoolParsing', 'BoolParsingFail', 'Lists',
    'ParseValuesWithIndexAssigment1',
    'ParseValuesWithIndexAssigment1_IgnoreUnknown',
    'ParseValuesWithIndexAssigment2',
    'ParseValuesWithIndexAssigment2_IgnoreUnknown',
    'ParseValuesWithIndexAssigment3',
    'ParseValuesWithIndexAssigment3_IgnoreUnknown',
    'ParseValuesWithIndexAssigment4',
    'ParseValuesWithIndexAssigment4_IgnoreUnknown',
    'ParseValuesWithIndexAssigment5',
    'ParseValuesWithIndexAssigment5_IgnoreUnknown',
    'ParseValuesWithBadIndexAssigment1',
    'ParseValuesWithBadIndexAssigment1_IgnoreUnknown',
    'ParseValuesWithBadIndexAssigment2',
    'ParseValuesWithBadIndexAssigment2_IgnoreUnknown',
    'ParseValuesWithBadIndexAssigment3',
    'ParseValuesWithBadIndexAssigment3_IgnoreUnknown',
    'WithReusedVariables', 'Json', 'SetHParam',
    'SetHParamListNonListMismatch', 'SetHParamTypeMismatch',
    'SetHParamExactTypeMatch', 'NonProtoFails', 'Get', 'Del')


def _snake(camel):
  out = ''.join('_' + c.lower() if c.isupper() else c for c in camel)
  return 'test' + out.replace('__', '_')


def test_all_33_upstream_cases_are_here():
  module = sys.modules[__name__]
  assert len(UPSTREAM_CASES) == 33
  missing = [case for case in UPSTREAM_CASES
             if not callable(getattr(module, _snake(case), None))]
  assert not missing


def _via_proto(hparams):
  return HParams(hparam_def=hparams.to_proto())


def test_empty():
  hparams = HParams()
  assert hparams.values() == {}
  hparams.parse('')
  assert hparams.values() == {}
  with pytest.raises(ValueError, match='Unknown hyperparameter'):
    hparams.parse('xyz=123')


def test_contains():
  hparams = HParams(foo=1)
  assert 'foo' in hparams
  assert 'bar' not in hparams


def test_some_values():
  start = dict(aaa=1, b=2.0, c_c='relu6', d='/a/b=c/d')
  hparams = HParams(**start)
  assert hparams.values() == start
  text = "[('aaa', 1), ('b', 2.0), ('c_c', 'relu6'), ('d', '/a/b=c/d')]"
  assert str(hparams) == text and hparams.__str__() == text
  # Each parse string, then every value expected after it.
  steps = [
      ('aaa=12', dict(start, aaa=12)),
      ('c_c=relu4, b=-2.0e10', dict(aaa=12, b=-2.0e10, c_c='relu4',
                                    d='/a/b=c/d')),
      ('c_c=,b=0,', dict(aaa=12, b=0.0, c_c='', d='/a/b=c/d')),
      ('c_c=2.3",b=+2,', dict(aaa=12, b=2.0, c_c='2.3"', d='/a/b=c/d')),
      ('d=/a/b/c/d,aaa=11,', dict(aaa=11, b=2.0, c_c='2.3"', d='/a/b/c/d')),
      ('b=1.5,d=/a=b/c/d,aaa=10,', dict(aaa=10, b=1.5, c_c='2.3"',
                                        d='/a=b/c/d')),
  ]
  for text, expected in steps:
    hparams.parse(text)
    assert hparams.values() == expected
    assert [getattr(hparams, k) for k in expected] == list(expected.values())
  final = dict(steps[-1][1])
  for text, message in [('x=123', 'Unknown hyperparameter'),
                        ('aaa=poipoi', 'Could not parse'),
                        ('aaa=1.0', 'Could not parse'),
                        ('b=12x', 'Could not parse'),
                        ('b=relu', 'Could not parse'),
                        ('aaa=[123]', 'Must not pass a list')]:
    with pytest.raises(ValueError, match=message):
      hparams.parse(text)
    assert hparams.values() == final
  assert _via_proto(hparams).values() == final


def test_with_period_in_variable_name():
  hparams = HParams()
  hparams.add_hparam(name='a.b', value=0.0)
  hparams.parse('a.b=1.0')
  assert getattr(hparams, 'a.b') == 1.0
  hparams.add_hparam(name='c.d', value=0.0)
  with pytest.raises(ValueError, match='Could not parse'):
    hparams.parse('c.d=abc')
  hparams.add_hparam(name='e.f', value='')
  hparams.parse('e.f=abc')
  assert getattr(hparams, 'e.f') == 'abc'
  hparams.add_hparam(name='d..', value=0.0)
  hparams.parse('d..=10.0')
  assert getattr(hparams, 'd..') == 10.0


def test_set_from_map():
  hparams = HParams(a=1, b=2.0, c='tanh')
  hparams.override_from_dict({'a': -2, 'c': 'identity'})
  assert hparams.values() == {'a': -2, 'b': 2.0, 'c': 'identity'}
  hparams = HParams(x=1, b=2.0, d=[0.5])
  hparams.override_from_dict({'d': [0.1, 0.2, 0.3]})
  assert hparams.values() == {'x': 1, 'b': 2.0, 'd': [0.1, 0.2, 0.3]}


@pytest.mark.parametrize('initial', [False, True])
def test_bool_parsing(initial):
  for text, meaning in [('true', True), ('True', True), ('1', True),
                        ('false', False), ('False', False), ('0', False)]:
    hparams = HParams(use_gpu=initial)
    hparams.parse('use_gpu=' + text)
    assert hparams.use_gpu is meaning
    # Through the proto it stays a bool, not the int 0 / 1.
    assert _via_proto(hparams).use_gpu is meaning


def test_bool_parsing_fail():
  with pytest.raises(ValueError, match=r'Could not parse.*use_gpu'):
    HParams(use_gpu=True).parse('use_gpu=yep')


def test_lists():
  hparams = HParams(aaa=[1], b=[2.0, 3.0], c_c=['relu6'])
  assert hparams.values() == {'aaa': [1], 'b': [2.0, 3.0], 'c_c': ['relu6']}
  for text, expected in [
      ('aaa=[12]', {'aaa': [12]}),
      ('aaa=[12,34,56]', {'aaa': [12, 34, 56]}),
      ('c_c=[relu4,relu12],b=[1.0]', {'c_c': ['relu4', 'relu12'],
                                      'b': [1.0]}),
      ('c_c=[],aaa=[-34]', {'aaa': [-34], 'c_c': []}),
      ('c_c=[_12,3\'4"],aaa=[+3]', {'aaa': [3], 'c_c': ['_12', '3\'4"']}),
  ]:
    hparams.parse(text)
    assert {name: getattr(hparams, name) for name in expected} == expected
  for text, message in [('x=[123]', 'Unknown hyperparameter'),
                        ('aaa=[poipoi]', 'Could not parse'),
                        ('aaa=[1.0]', 'Could not parse'),
                        ('b=[12x]', 'Could not parse'),
                        ('b=[relu]', 'Could not parse'),
                        ('aaa=123', 'Must pass a list')]:
    with pytest.raises(ValueError, match=message):
      hparams.parse(text)
  assert _via_proto(hparams).values() == {'aaa': [3], 'b': [1.0],
                                          'c_c': ['_12', '3\'4"']}


# (parse string, type map, ignore_unknown, expected dict) for the twelve
# index-assignment cases: each TF 1.x case and its _IgnoreUnknown twin.
_INDEX_CASES = {
    'ParseValuesWithIndexAssigment1': (
        'arr[1]=10', {'arr': int}, False, {'arr': {1: 10}}),
    'ParseValuesWithIndexAssigment1_IgnoreUnknown': (
        'arr[1]=10,b=5', {'arr': int}, True, {'arr': {1: 10}}),
    'ParseValuesWithIndexAssigment2': (
        'arr[0]=10,arr[5]=20', {'arr': int}, False, {'arr': {0: 10, 5: 20}}),
    'ParseValuesWithIndexAssigment2_IgnoreUnknown': (
        'arr[0]=10,arr[5]=20,foo=bar', {'arr': int}, True,
        {'arr': {0: 10, 5: 20}}),
    'ParseValuesWithIndexAssigment3': (
        'arr[0]=10,arr[1]=20,L[5]=100,L[10]=200', {'arr': int, 'L': int},
        False, {'arr': {0: 10, 1: 20}, 'L': {5: 100, 10: 200}}),
    'ParseValuesWithIndexAssigment3_IgnoreUnknown': (
        'arr[0]=10,C=5,arr[1]=20,B[0]=kkk,L[5]=100,L[10]=200',
        {'arr': int, 'L': int}, True,
        {'arr': {0: 10, 1: 20}, 'L': {5: 100, 10: 200}}),
    'ParseValuesWithIndexAssigment4': (
        'x=10,arr[1]=20,y=30', {'x': int, 'y': int, 'arr': int}, False,
        {'x': 10, 'y': 30, 'arr': {1: 20}}),
    'ParseValuesWithIndexAssigment4_IgnoreUnknown': (
        'x=10,foo[0]=bar,arr[1]=20,zzz=78,y=30',
        {'x': int, 'y': int, 'arr': int}, True,
        {'x': 10, 'y': 30, 'arr': {1: 20}}),
    'ParseValuesWithIndexAssigment5': (
        'a[0]=5,b[1]=true,c[2]=abc,d[3]=3.14',
        {'a': int, 'b': bool, 'c': str, 'd': float}, False,
        {'a': {0: 5}, 'b': {1: True}, 'c': {2: 'abc'}, 'd': {3: 3.14}}),
    'ParseValuesWithIndexAssigment5_IgnoreUnknown': (
        'a[0]=5,cc=4,b[1]=true,c[2]=abc,mm=2,d[3]=3.14',
        {'a': int, 'b': bool, 'c': str, 'd': float}, True,
        {'a': {0: 5}, 'b': {1: True}, 'c': {2: 'abc'}, 'd': {3: 3.14}}),
    'ParseValuesWithBadIndexAssigment2_IgnoreUnknown': (
        'arr[1]=5', {}, True, {}),
    'ParseValuesWithBadIndexAssigment3_IgnoreUnknown': (
        'arr[1]=1', {'arr[1]': int}, True, {}),
}


def _check_index_case(case):
  text, type_map, ignore_unknown, expected = _INDEX_CASES[case]
  parsed = parse_values(text, type_map, ignore_unknown=ignore_unknown)
  assert parsed == expected
  for name, value in expected.items():
    assert type(parsed[name]) is type(value)  # pylint: disable=unidiomatic-typecheck


def test_parse_values_with_index_assigment1():
  _check_index_case('ParseValuesWithIndexAssigment1')


def test_parse_values_with_index_assigment1_ignore_unknown():
  _check_index_case('ParseValuesWithIndexAssigment1_IgnoreUnknown')


def test_parse_values_with_index_assigment2():
  _check_index_case('ParseValuesWithIndexAssigment2')


def test_parse_values_with_index_assigment2_ignore_unknown():
  _check_index_case('ParseValuesWithIndexAssigment2_IgnoreUnknown')


def test_parse_values_with_index_assigment3():
  _check_index_case('ParseValuesWithIndexAssigment3')


def test_parse_values_with_index_assigment3_ignore_unknown():
  _check_index_case('ParseValuesWithIndexAssigment3_IgnoreUnknown')


def test_parse_values_with_index_assigment4():
  _check_index_case('ParseValuesWithIndexAssigment4')


def test_parse_values_with_index_assigment4_ignore_unknown():
  _check_index_case('ParseValuesWithIndexAssigment4_IgnoreUnknown')


def test_parse_values_with_index_assigment5():
  _check_index_case('ParseValuesWithIndexAssigment5')


def test_parse_values_with_index_assigment5_ignore_unknown():
  _check_index_case('ParseValuesWithIndexAssigment5_IgnoreUnknown')


def test_parse_values_with_bad_index_assigment1():
  with pytest.raises(ValueError, match='Assignment of a list to a list index'):
    parse_values('arr[1]=[1,2,3]', {'arr': int})


def test_parse_values_with_bad_index_assigment1_ignore_unknown():
  with pytest.raises(ValueError, match='Assignment of a list to a list index'):
    parse_values('arr[1]=[1,2,3],c=8', {'arr': int}, ignore_unknown=True)


def test_parse_values_with_bad_index_assigment2():
  with pytest.raises(ValueError, match='Unknown hyperparameter type for arr'):
    parse_values('arr[1]=5', {})


def test_parse_values_with_bad_index_assigment2_ignore_unknown():
  _check_index_case('ParseValuesWithBadIndexAssigment2_IgnoreUnknown')


def test_parse_values_with_bad_index_assigment3():
  # A type map key written as NAME[INDEX] does not declare NAME.
  with pytest.raises(ValueError, match='Unknown hyperparameter type for arr'):
    parse_values('arr[1]=1', {'arr[1]': int})


def test_parse_values_with_bad_index_assigment3_ignore_unknown():
  _check_index_case('ParseValuesWithBadIndexAssigment3_IgnoreUnknown')


@pytest.mark.parametrize('text,culprit', [
    ('x=1,x=1', "'x'"),
    ('arr=[100,200],arr[0]=10', "'arr'"),
    ('arr[0]=10,arr[0]=20', "'arr[0]'"),
    ('arr[0]=10,arr=[100]', "'arr'"),
])
def test_with_reused_variables(text, culprit):
  with pytest.raises(ValueError) as error:
    parse_values(text, {'x': int, 'arr': int})
  assert 'Multiple assignments to variable %s' % culprit in str(error.value)


def test_json():
  hparams = HParams(aaa=1, b=2.0, c_c='relu6', d=True)
  assert hparams.values() == {'aaa': 1, 'b': 2.0, 'c_c': 'relu6', 'd': True}
  hparams.parse_json('{"aaa": 12, "b": 3.0, "c_c": "relu4", "d": false}')
  after = {'aaa': 12, 'b': 3.0, 'c_c': 'relu4', 'd': False}
  assert hparams.values() == after
  other = HParams(aaa=10, b=20.0, c_c='hello', d=False)
  other.parse_json(hparams.to_json())
  assert other.values() == after
  single = HParams(aaa=123)
  assert single.to_json() == '{"aaa": 123}'
  assert single.to_json(indent=2) == '{\n  "aaa": 123\n}'
  assert single.to_json(separators=(';', '=')) == '{"aaa"=123}'
  assert HParams(aaa=123, b='hello', c_c=False).to_json(sort_keys=True) == (
      '{"aaa": 123, "b": "hello", "c_c": false}')


def test_set_h_param():
  hparams = HParams(aaa=1, b=2.0, c_c='relu6', d=True)
  new = {'aaa': 12, 'b': 3.0, 'c_c': 'relu4', 'd': False}
  for name, value in new.items():
    hparams.set_hparam(name, value)
  assert hparams.values() == new
  assert (hparams.aaa, hparams.b, hparams.c_c) == (12, 3.0, 'relu4')


def test_set_h_param_list_non_list_mismatch():
  hparams = HParams(a=1, b=[2.0, 3.0])
  with pytest.raises(ValueError, match='Must not pass a list'):
    hparams.set_hparam('a', [1.0])
  with pytest.raises(ValueError, match='Must pass a list'):
    hparams.set_hparam('b', 1.0)


def test_set_h_param_type_mismatch():
  hparams = HParams(int_=1, str_='str', bool_=True, float_=1.1,
                    list_int=[1, 2], none=None)
  for name, value in [('str_', 2.2), ('int_', False), ('bool_', 1),
                      ('int_', 2.2), ('list_int', [2, 3.3]), ('int_', '2')]:
    with pytest.raises(ValueError):
      hparams.set_hparam(name, value)
  hparams.set_hparam('float_', 1)  # an int widens into a float
  assert hparams.float_ == 1.0
  hparams.set_hparam('none', '1')  # a None hyperparameter takes anything
  assert hparams.none == '1'


def test_set_h_param_exact_type_match():
  class Context:

    def __init__(self, a, b=0):
      self.a, self.b = a, b

  hparams = HParams(x=Context(a=100, b=100))
  replacement = Context(a=100, b=100)
  hparams.set_hparam('x', replacement)
  assert hparams.x is replacement
  assert (hparams.x.a, hparams.x.b) == (100, 100)


@pytest.mark.parametrize('not_a_proto', [1, 1.0, 'hello', [1, 2, 3]])
def test_non_proto_fails(not_a_proto):
  with pytest.raises(AssertionError):
    HParams(hparam_def=not_a_proto)


def test_get():
  hparams = HParams(aaa=1, b=2.0, c_c='relu6', d=True, e=[5.0, 6.0])
  for name, default, expected in [
      ('aaa', None, 1), ('b', None, 2.0), ('c_c', None, 'relu6'),
      ('d', None, True), ('e', None, [5.0, 6.0]),
      ('aaa', 2, 1), ('b', 3.0, 2.0), ('b', 3, 2.0),
      ('c_c', 'default', 'relu6'), ('d', True, True),
      ('e', [1.0, 2.0, 3.0], [5.0, 6.0]), ('e', [1, 2, 3], [5.0, 6.0]),
      ('unknown', None, None), ('unknown', 123, 123),
      ('unknown', [1, 2, 3], [1, 2, 3])]:
    assert hparams.get(name, default) == expected
  assert hparams.get('aaa') == 1
  for name, default in [('aaa', 2.0), ('b', False), ('c_c', [1, 2, 3]),
                        ('d', 'relu'), ('e', 123.0), ('e', ['a', 'b', 'c'])]:
    with pytest.raises(ValueError):
      hparams.get(name, default)


def test_del():
  hparams = HParams(aaa=1, b=2.0)
  with pytest.raises(ValueError):
    hparams.set_hparam('aaa', 'will fail')
  with pytest.raises(ValueError):
    hparams.add_hparam('aaa', 'will fail')
  hparams.del_hparam('aaa')
  hparams.add_hparam('aaa', 'will work')
  assert hparams.get('aaa') == 'will work'
  hparams.set_hparam('aaa', 'still works')
  assert hparams.get('aaa') == 'still works'
