"""Parity of slimcompat.data with the reference tf_slim.data: the same names
and signatures, the same graph (op names and types, queue runners,
summaries), the same decoded values and record order, the same errors."""

import inspect
import re

import numpy as np
import pytest

import slimcompat
from slimcompat._compat import tf
from tests.data import _records as rec
from tests.parity import harness

MODULES = ('data_decoder', 'data_provider', 'dataset',
           'dataset_data_provider', 'parallel_reader', 'prefetch_queue',
           'tfexample_decoder')


def _public_names(module):
  return sorted(name for name, value in vars(module).items()
                if not name.startswith('_') and not inspect.ismodule(value)
                and getattr(value, '__module__', '').startswith('tf_slim'))


def _signature(obj):
  try:
    return str(inspect.signature(obj))
  except (TypeError, ValueError):
    return None


@pytest.mark.parametrize('module_name', MODULES + ('test_utils',))
def test_same_names_and_signatures(module_name):
  ref = getattr(harness.reference(), 'data')
  __import__('tf_slim.data.' + module_name)
  theirs = getattr(ref, module_name)
  ours = __import__('slimcompat.data.' + module_name,
                    fromlist=['_']).__dict__
  names = _public_names(theirs)
  assert names, module_name
  for name in names:
    assert name in ours, '%s.%s is missing' % (module_name, name)
    ref_obj, our_obj = getattr(theirs, name), ours[name]
    assert _signature(our_obj) == _signature(ref_obj), name
    if inspect.isclass(ref_obj):
      assert inspect.isabstract(our_obj) == inspect.isabstract(ref_obj)
      for attr in dir(ref_obj):
        if attr.startswith('_') and attr != '__init__':
          continue
        assert hasattr(our_obj, attr), '%s.%s' % (name, attr)
        assert _signature(getattr(our_obj, attr)) == _signature(
            getattr(ref_obj, attr)), '%s.%s' % (name, attr)
      ref_bases = [b.__name__ for b in ref_obj.__mro__]
      assert [b.__name__ for b in our_obj.__mro__] == ref_bases, name


def test_data_package_exposes_its_modules_like_tf_slim():
  ref = harness.reference()
  for name in MODULES:
    assert getattr(slimcompat.data, name).__name__ == (
        'slimcompat.data.' + name)
    assert getattr(ref.data, name).__name__ == 'tf_slim.data.' + name
    assert name in dir(slimcompat.data)


# ---------------------------------------------------------------- the graph


def _functions(graph):
  """Control-flow branch functions: name (its unique number dropped) and the
  (name, type) of each node, sorted; the numbers differ between graphs."""
  facts = []
  for function in graph.as_graph_def().library.function:
    name = re.sub(r'_\d+$', '', function.signature.name)
    facts.append((name, sorted((n.name, n.op) for n in function.node_def)))
  return sorted(facts)


def _graph_facts(built):
  graph = built.graph
  return {
      'ops': [(op.name, op.type) for op in graph.get_operations()],
      'functions': _functions(graph),
      'runners': [(r.queue.queue_ref.op.name, [op.name for op in r.enqueue_ops])
                  for r in graph.get_collection(tf.GraphKeys.QUEUE_RUNNERS)],
      'summaries': [s.name for s in
                    graph.get_collection(tf.GraphKeys.SUMMARIES)],
      'result': [getattr(t, 'name', t) for t in
                 tf.nest.flatten(built.result, expand_composites=True)],
  }


@pytest.fixture(scope='module')
def record_files(tmp_path_factory):
  directory = tmp_path_factory.mktemp('parity_records')
  paths, _ = rec.write_labelled_files(directory, 3, 4)
  return paths


def _image_decoder(slim, **image_kwargs):
  ted = slim.tfexample_decoder
  return ted.TFExampleDecoder(
      {'image/encoded': tf.io.FixedLenFeature((), tf.string, default_value=''),
       'image/format': tf.io.FixedLenFeature((), tf.string,
                                             default_value='png'),
       'image/class/label': tf.io.FixedLenFeature([1], tf.int64)},
      {'image': ted.Image(**image_kwargs),
       'label': ted.Tensor('image/class/label')})


def _every_handler_decoder(slim):
  ted = slim.tfexample_decoder
  features = {
      'image/encoded': tf.io.FixedLenFeature((), tf.string, default_value=''),
      'image/format': tf.io.FixedLenFeature((), tf.string, default_value='png'),
      'many': tf.io.FixedLenFeature((2,), tf.string, default_value=['', '']),
      'dense': tf.io.FixedLenFeature([2, 3], tf.float32,
                                     default_value=np.zeros([2, 3])),
      'sparse': tf.io.VarLenFeature(tf.int64),
      'shape': tf.io.VarLenFeature(tf.int64),
      'sshape': tf.io.VarLenFeature(tf.int64),
      'h': tf.io.VarLenFeature(tf.int64),
      'w': tf.io.VarLenFeature(tf.int64),
      'indices': tf.io.VarLenFeature(tf.int64),
      'values': tf.io.VarLenFeature(tf.float32),
      'text': tf.io.VarLenFeature(tf.string),
  }
  for side in ('ymin', 'xmin', 'ymax', 'xmax'):
    features['bbox/' + side] = tf.io.VarLenFeature(tf.float32)
  table = tf.lookup.StaticHashTable(
      tf.lookup.KeyValueTensorInitializer(
          tf.constant(['cat', 'dog']), tf.constant([0, 1], tf.int64)), -1)
  handlers = {
      'image': ted.Image(channels=3, shape=[2, 3, 3]),
      'raw': ted.Image(dtype=tf.float32, channels=1, dct_method='INTEGER_FAST'),
      'repeated': ted.Image(image_key='many', repeated=True),
      'dense': ted.Tensor('dense'),
      'reshaped': ted.Tensor('dense', shape=[3, 2]),
      'from_key': ted.Tensor('sparse', shape_keys='shape', default_value=-1),
      'from_keys': ted.Tensor('sparse', shape_keys=['h', 'w']),
      'lookup': ted.LookupTensor('text', table),
      'backup': ted.BackupHandler(ted.Tensor('sparse'),
                                  ted.LookupTensor('text', table)),
      'sparse_ids': ted.SparseTensor(),
      'sparse_keyed': ted.SparseTensor(shape_key='sshape', densify=True),
      'sparse_given': ted.SparseTensor(shape=[5], densify=True,
                                       default_value=-2.0),
      'bbox': ted.BoundingBox(prefix='bbox/'),
      'callback': ted.ItemHandlerCallback(['dense', 'sparse'],
                                          lambda t: t['dense'] * 2.0),
  }
  return ted.TFExampleDecoder(features, handlers), table


PARITY_IMAGE = rec.random_image((2, 3, 3), np.uint8, seed=11)


def _every_handler_example(image_format='png'):
  image = rec.encode(PARITY_IMAGE, image_format)
  return rec.example(
      image__encoded=rec.bytes_feature(image),
      image__format=rec.bytes_feature(image_format),
      many=rec.bytes_feature([image, image]),
      dense=rec.float_feature(np.arange(6) / 7.0),
      sparse=rec.int64_feature([4, 3, 2, 1, 0, 9]),
      shape=rec.int64_feature([3, 2]), sshape=rec.int64_feature([6]), h=rec.int64_feature([2]),
      w=rec.int64_feature([3]),
      indices=rec.int64_feature([0, 3]), values=rec.float_feature([0.5, 2.5]),
      text=rec.bytes_feature(['dog', 'cow', 'cat']),
      bbox__ymin=rec.float_feature([0.1, 0.2]),
      bbox__xmin=rec.float_feature([0.3, 0.4]),
      bbox__ymax=rec.float_feature([0.5, 0.6]),
      bbox__xmax=rec.float_feature([0.7, 0.8]))


def _decode_every_handler(serialized):
  def build(slim):
    decoder, _ = _every_handler_decoder(slim)
    items = [item for item in decoder.list_items() if item != 'raw']
    return dict(zip(items, decoder.decode(tf.constant(serialized), items)))
  return build


def _sequence_build(slim):
  ted = slim.tfexample_decoder
  names = ['box/ymin', 'box/xmin', 'box/ymax', 'box/xmax']
  decoder = ted.TFSequenceExampleDecoder(
      {'name': tf.io.FixedLenFeature((), tf.string, default_value='x'),
       'size': tf.io.FixedLenFeature([2, 1], tf.int64,
                                     default_value=[[0], [0]])},
      dict({n: tf.io.VarLenFeature(tf.float32) for n in names},
           floats=tf.io.FixedLenSequenceFeature([2], tf.float32,
                                                allow_missing=True)),
      {'name': ted.Tensor('name'), 'size': ted.Tensor('size'),
       'floats': ted.Tensor('floats'),
       'boxes': ted.BoundingBoxSequence(prefix='box/'),
       'sparse_boxes': ted.BoundingBoxSequence(prefix='box/',
                                               return_dense=False),
       'points': ted.KeypointsSequence(['ymin', 'xmin'], prefix='box/',
                                       default_value=float('nan')),
       'count': ted.NumBoxesSequence(names),
       'count_unchecked': ted.NumBoxesSequence(names[0],
                                               check_consistency=False)})
  items = sorted(decoder.list_items())
  return dict(zip(items, decoder.decode(tf.constant(SEQUENCE), items)))


SEQUENCE = rec.sequence_example(
    context={'name': rec.bytes_feature('clip'),
             'size': rec.int64_feature([3, 4])},
    floats=rec.float_rows([[1, 2], [3, 4], [5, 6]]),
    box__ymin=rec.float_rows([[0.1, 0.2], [], [0.3]]),
    box__xmin=rec.float_rows([[1.1, 1.2], [], [1.3]]),
    box__ymax=rec.float_rows([[2.1, 2.2], [], [2.3]]),
    box__xmax=rec.float_rows([[3.1, 3.2], [], [3.3]]))


def _pipelines(paths):
  def parallel_shuffled(slim):
    return slim.parallel_reader.parallel_read(
        paths, tf.TFRecordReader, num_epochs=2, seed=3, capacity=20)

  def parallel_fifo(slim):
    return slim.parallel_reader.parallel_read(
        paths, tf.TFRecordReader, shuffle=False, num_readers=2,
        dtypes=[tf.string, tf.string], scope='mine')

  def single_pass(slim):
    return slim.parallel_reader.single_pass_read(paths[0], tf.TFRecordReader,
                                                 scope='once')

  def parallel_reader_class(slim):
    queue = tf.FIFOQueue(10, [tf.string, tf.string], shapes=[[], []])
    reader = slim.parallel_reader.ParallelReader(tf.TFRecordReader, queue,
                                                 num_readers=2)
    files = tf.train.string_input_producer(paths)
    return (reader.read(files, name='one'),
            reader.read_up_to(files, 3, name='some'),
            reader.num_records_produced(name='produced'),
            reader.num_work_units_completed())

  def prefetch(slim):
    batch = tf.train.batch([tf.constant([1, 2]), tf.constant(0.5)], 4)
    return (slim.prefetch_queue.prefetch_queue(batch).dequeue(),
            slim.prefetch_queue.prefetch_queue(
                {'b': batch[1], 'a': batch[0]}, capacity=3,
                num_threads=2, name='named').dequeue())

  def prefetch_padded(slim):
    ragged = tf.placeholder_with_default(tf.zeros([2, 3]), [None, 3])
    return slim.prefetch_queue.prefetch_queue(
        [ragged], dynamic_pad=True, shared_name='s').dequeue()

  def provider(slim):
    ds = slim.dataset.Dataset(paths, tf.TFRecordReader, _image_decoder(slim),
                              12, {})
    prov = slim.dataset_data_provider.DatasetDataProvider(
        ds, num_readers=2, num_epochs=1, seed=4, scope='provide')
    return prov.get(['record_key', 'image', 'label'])

  return {'parallel_shuffled': parallel_shuffled,
          'parallel_fifo': parallel_fifo, 'single_pass': single_pass,
          'parallel_reader_class': parallel_reader_class,
          'prefetch': prefetch, 'prefetch_padded': prefetch_padded,
          'provider': provider}


PIPELINES = sorted(_pipelines([]))
DECODERS = {
    'every_handler': _decode_every_handler(_every_handler_example()),
    'sequence': _sequence_build,
    'raw_image': lambda slim: _image_decoder(
        slim, dtype=tf.float32, channels=1, shape=[2, 2, 1]).decode(
            tf.constant(b'')),
}


@pytest.mark.parametrize('name', PIPELINES)
def test_pipeline_graphs_match(name, record_files):
  ours, theirs = harness.build_both(_pipelines(record_files)[name])
  assert _graph_facts(ours) == _graph_facts(theirs)
  assert ours.variables == theirs.variables
  assert ours.collections == theirs.collections


@pytest.mark.parametrize('name', sorted(DECODERS))
def test_decoder_graphs_match(name):
  ours, theirs = harness.build_both(DECODERS[name])
  assert _graph_facts(ours) == _graph_facts(theirs)


# ---------------------------------------------------------------- the values


def _assert_same_items(ours, theirs):
  """Decoded {item: value} dicts: the same items, exactly the same values."""
  assert sorted(ours) == sorted(theirs)
  assert ours, 'nothing was decoded'
  for item in ours:
    harness.assert_same_values(ours[item], theirs[item], atol=0, rtol=0)


@pytest.mark.parametrize('image_format', ['png', 'jpeg'])
def test_every_handler_decodes_the_same_values(image_format):
  build = _decode_every_handler(_every_handler_example(image_format))
  ours, theirs = harness.build_both(build)
  values = [rec.evaluate(b.result, graph=b.graph) for b in (ours, theirs)]
  _assert_same_items(*values)
  if image_format == 'png':
    np.testing.assert_array_equal(values[0]['image'], PARITY_IMAGE)


def test_sequence_handlers_decode_the_same_values():
  ours, theirs = harness.build_both(_sequence_build)
  values = [rec.evaluate(b.result, graph=b.graph) for b in (ours, theirs)]
  _assert_same_items(*values)


@pytest.mark.parametrize('dtype', [np.uint8, np.int32, np.float32])
def test_raw_images_decode_the_same_values(dtype):
  image = rec.random_image((3, 2, 3), dtype, seed=5)
  serialized = rec.example(image__encoded=rec.bytes_feature(image.tobytes()),
                           image__format=rec.bytes_feature('raw'),
                           image__class__label=rec.int64_feature([3]))

  def build(slim):
    return _image_decoder(slim, dtype=tf.as_dtype(dtype), channels=3,
                          shape=[3, 2, 3]).decode(tf.constant(serialized))

  ours, theirs = harness.build_both(build)
  ours_image, _ = rec.evaluate(ours.result, graph=ours.graph)
  theirs_image, _ = rec.evaluate(theirs.result, graph=theirs.graph)
  np.testing.assert_array_equal(ours_image, theirs_image)
  np.testing.assert_array_equal(ours_image, image)


def test_seeded_shuffle_reads_in_the_reference_order(record_files):
  def build(slim):
    provider = slim.dataset_data_provider.DatasetDataProvider(
        slim.dataset.Dataset(record_files, tf.TFRecordReader,
                             _image_decoder(slim), 12, {}),
        num_epochs=1, shuffle=True, seed=21, common_queue_capacity=32,
        common_queue_min=16)
    return provider.get(['record_key', 'label'])

  ours, theirs = harness.build_both(build)
  ours_order = rec.drain(ours.result, graph=ours.graph)
  theirs_order = rec.drain(theirs.result, graph=theirs.graph)
  assert len(ours_order) == 12
  assert [(k, int(l[0])) for k, l in ours_order] == [
      (k, int(l[0])) for k, l in theirs_order]


# ---------------------------------------------------------------- the errors


def _bad_inputs(tmp_path):
  def corrupt_record(slim):
    path = rec.write_records(tmp_path / 'corrupt', [b'abc', b'defgh'])
    data = bytearray(open(path, 'rb').read())
    data[-6] ^= 0xFF
    open(path, 'wb').write(bytes(data))
    _, value = slim.parallel_reader.single_pass_read(path, tf.TFRecordReader)
    rec.drain(value)

  def truncated_record(slim):
    path = rec.write_records(tmp_path / 'truncated', [b'abc', b'defgh'])
    data = open(path, 'rb').read()
    open(path, 'wb').write(data[:-3])
    _, value = slim.parallel_reader.single_pass_read(path, tf.TFRecordReader)
    rec.drain(value)

  def decode(decoder, serialized, items=None):
    rec.evaluate(decoder.decode(tf.constant(serialized), items))

  def missing_key_without_default(slim):
    ted = slim.tfexample_decoder
    decode(ted.TFExampleDecoder({'a': tf.io.FixedLenFeature([], tf.int64)},
                                {'a': ted.Tensor('a')}), rec.example())

  def wrong_image_format(slim):
    decode(_image_decoder(slim), rec.example(
        image__encoded=rec.bytes_feature(b'GIF89a but not really'),
        image__format=rec.bytes_feature('png'),
        image__class__label=rec.int64_feature([1])))

  def raw_image_of_wrong_size(slim):
    decode(_image_decoder(slim, shape=[2, 2, 3]), rec.example(
        image__encoded=rec.bytes_feature(b'12345'),
        image__format=rec.bytes_feature('raw'),
        image__class__label=rec.int64_feature([1])))

  def inconsistent_boxes(slim):
    ted = slim.tfexample_decoder
    decode(ted.TFSequenceExampleDecoder(
        {}, {'a': tf.io.VarLenFeature(tf.float32),
             'b': tf.io.VarLenFeature(tf.float32)},
        {'n': ted.NumBoxesSequence(['a', 'b'])}),
           rec.sequence_example(a=rec.float_rows([[1.0]]),
                                b=rec.float_rows([[1.0, 2.0]])))

  def unknown_item(slim):
    ted = slim.tfexample_decoder
    ted.TFExampleDecoder({}, {}).decode(tf.constant(b''), ['nope'])

  def unparsed_handler_key(slim):
    ted = slim.tfexample_decoder
    ted.TFExampleDecoder({}, {'a': ted.Tensor('a')}).decode(tf.constant(b''))

  def dense_num_boxes(slim):
    ted = slim.tfexample_decoder
    ted.TFSequenceExampleDecoder(
        {}, {'a': tf.io.FixedLenSequenceFeature([], tf.float32)},
        {'n': ted.NumBoxesSequence('a')}).decode(tf.constant(b''))

  def record_key_conflict(slim):
    ds = slim.dataset.Dataset([str(tmp_path / 'x')], tf.TFRecordReader,
                              _image_decoder(slim), 1, {})
    slim.dataset_data_provider.DatasetDataProvider(ds, record_key='image')

  def bad_reader_queue(slim):
    slim.parallel_reader.ParallelReader(tf.TFRecordReader,
                                        tf.FIFOQueue(2, [tf.int32]))

  cases = {
      'corrupt_record': corrupt_record,
      'truncated_record': truncated_record,
      'missing_key_without_default': missing_key_without_default,
      'wrong_image_format': wrong_image_format,
      'raw_image_of_wrong_size': raw_image_of_wrong_size,
      'inconsistent_boxes': inconsistent_boxes,
      'unknown_item': unknown_item,
      'unparsed_handler_key': unparsed_handler_key,
      'dense_num_boxes': dense_num_boxes,
      'record_key_conflict': record_key_conflict,
      'bad_reader_queue': bad_reader_queue,
      'no_data_files': lambda slim: slim.parallel_reader.get_data_files(
          str(tmp_path / 'none*')),
      'empty_sources': lambda slim: slim.parallel_reader.get_data_files([]),
      'prefetch_unknown_shape': lambda slim: slim.prefetch_queue.prefetch_queue(
          [tf.placeholder(tf.float32, [None])]),
      'provider_get_string': lambda slim: slim.data_provider.DataProvider(
          {'a': 1}, 1).get('a'),
      'provider_get_unknown': lambda slim: slim.data_provider.DataProvider(
          {'a': 1}, 1).get(['b']),
      'abstract_decoder': lambda slim: slim.data_decoder.DataDecoder(),
      'tensor_shape_twice': lambda slim: slim.tfexample_decoder.Tensor(
          'a', shape_keys='b', shape=[1]),
      'bbox_three_keys': lambda slim: slim.tfexample_decoder.BoundingBox(
          ['a', 'b', 'c']),
      'bbox_sequence_default_prefix':
          lambda slim: slim.tfexample_decoder.BoundingBoxSequence(),
      'keypoints_default_prefix':
          lambda slim: slim.tfexample_decoder.KeypointsSequence(),
      'keypoints_three_keys':
          lambda slim: slim.tfexample_decoder.KeypointsSequence(
              ['a', 'b', 'c'], prefix=''),
      'backup_not_a_handler':
          lambda slim: slim.tfexample_decoder.BackupHandler(
              slim.tfexample_decoder.Tensor('a'), 'b'),
      'num_boxes_no_keys':
          lambda slim: slim.tfexample_decoder.NumBoxesSequence(),
      'shared_sequence_key':
          lambda slim: slim.tfexample_decoder.TFSequenceExampleDecoder(
              {'a': None}, {'a': None}, {}),
      'abstract_handler':
          lambda slim: slim.tfexample_decoder.ItemHandler('a'),
      'test_utils_gif': lambda slim: __import__(
          slim.__name__ + '.data.test_utils', fromlist=['_']).generate_image(
              (2, 2, 3), 'gif'),
  }
  return cases


BAD_INPUTS = sorted(_bad_inputs(None))


@pytest.mark.parametrize('case', BAD_INPUTS)
def test_bad_input_raises_the_reference_class(case, tmp_path):
  harness.assert_raises_like_reference(_bad_inputs(tmp_path)[case])
