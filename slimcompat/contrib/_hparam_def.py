"""TF 1.x's ``tensorflow.HParamDef`` protocol buffer, described at run time.

TF 1.15 generated ``hparam_pb2`` from ``hparam.proto`` (proto3, package
``tensorflow``); TF 2 ships neither.  The same message -- full name, nested
types, field names and numbers, so serialised bytes are interchangeable --
is described here with ``descriptor_pb2`` and turned into a class by the
protobuf runtime TensorFlow depends on.  It goes into the default descriptor
pool (so ``text_format`` and ``Any`` find it), unless something else put a
``tensorflow.HParamDef`` there first, which is then used as it is.
"""

from google.protobuf import descriptor_pb2
from google.protobuf import descriptor_pool

from slimcompat import _compat

_FILE_NAME = 'tensorflow/contrib/training/python/training/hparam.proto'
FULL_NAME = 'tensorflow.HParamDef'

_Field = descriptor_pb2.FieldDescriptorProto

# (list message, element type) for the four repeated kinds.
_LISTS = (('BytesList', _Field.TYPE_BYTES),
          ('FloatList', _Field.TYPE_FLOAT),
          ('Int64List', _Field.TYPE_INT64),
          ('BoolList', _Field.TYPE_BOOL))

# The members of HParamType's `kind` oneof: (name, number, type, message).
_KINDS = (('int64_value', 1, _Field.TYPE_INT64, None),
          ('float_value', 2, _Field.TYPE_FLOAT, None),
          ('bytes_value', 3, _Field.TYPE_BYTES, None),
          ('int64_list', 4, _Field.TYPE_MESSAGE, 'Int64List'),
          ('float_list', 5, _Field.TYPE_MESSAGE, 'FloatList'),
          ('bytes_list', 6, _Field.TYPE_MESSAGE, 'BytesList'),
          ('bool_value', 7, _Field.TYPE_BOOL, None),
          ('bool_list', 8, _Field.TYPE_MESSAGE, 'BoolList'))


def _add_field(message, name, number, kind, label=_Field.LABEL_OPTIONAL,
               type_name=None):
  field = message.field.add(name=name, number=number, type=kind, label=label)
  if type_name:
    field.type_name = type_name
  return field


def _file_proto():
  """The FileDescriptorProto of TF 1.15's hparam.proto."""
  proto = descriptor_pb2.FileDescriptorProto(name=_FILE_NAME,
                                             package='tensorflow',
                                             syntax='proto3')
  proto.options.cc_enable_arenas = True
  hparam_def = proto.message_type.add(name='HParamDef')
  for list_name, element in _LISTS:
    values = _add_field(hparam_def.nested_type.add(name=list_name), 'value', 1,
                        element, label=_Field.LABEL_REPEATED)
    if element != _Field.TYPE_BYTES:
      values.options.packed = True
  hparam_type = hparam_def.nested_type.add(name='HParamType')
  hparam_type.oneof_decl.add(name='kind')
  for name, number, kind, message in _KINDS:
    type_name = '.%s.%s' % (FULL_NAME, message) if message else None
    field = _add_field(hparam_type, name, number, kind, type_name=type_name)
    field.oneof_index = 0
  # map<string, HParamType> hparam = 1, spelt as protoc spells maps.
  entry = hparam_def.nested_type.add(name='HparamEntry')
  entry.options.map_entry = True
  _add_field(entry, 'key', 1, _Field.TYPE_STRING)
  _add_field(entry, 'value', 2, _Field.TYPE_MESSAGE,
             type_name='.%s.HParamType' % FULL_NAME)
  _add_field(hparam_def, 'hparam', 1, _Field.TYPE_MESSAGE,
             label=_Field.LABEL_REPEATED,
             type_name='.%s.HparamEntry' % FULL_NAME)
  return proto


def _message_class():
  pool = descriptor_pool.Default()
  try:
    descriptor = pool.FindMessageTypeByName(FULL_NAME)
  except KeyError:
    pool.Add(_file_proto())
    descriptor = pool.FindMessageTypeByName(FULL_NAME)
  return _compat.proto_message_class(descriptor)


HParamDef = _message_class()
