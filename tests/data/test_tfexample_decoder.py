"""Unit tests of slimcompat.data.tfexample_decoder on real serialized protos.

Expected values come from the numpy arrays the protos were made from."""

import numpy as np
import pytest

from slimcompat._compat import tf
from slimcompat.data import tfexample_decoder as ted
from tests.data import _records as rec


def _image_example(image, image_format):
  if image_format.lower() == 'raw':
    if image.dtype.byteorder == '>':
      image = image.astype(image.dtype.newbyteorder('<'))
    encoded = image.tobytes()
  else:
    encoded = rec.encode(image, image_format)
  return rec.example(image__encoded=rec.bytes_feature(encoded),
                     image__format=rec.bytes_feature(image_format))


def _image_decoder(handler, default_format='jpeg'):
  return ted.TFExampleDecoder(
      {'image/encoded': tf.io.FixedLenFeature((), tf.string, default_value=''),
       'image/format': tf.io.FixedLenFeature((), tf.string,
                                             default_value=default_format)},
      {'image': handler})


def _decode_one(decoder, serialized, items=None):
  with tf.Graph().as_default():
    outputs = decoder.decode(tf.constant(serialized), items)
    return rec.evaluate(outputs)


@pytest.mark.parametrize('image_format', ['png', 'PNG'])
@pytest.mark.parametrize('channels', [1, 3, 4])
def test_png_decodes_exactly(image_format, channels):
  image = rec.random_image((5, 7, channels), np.uint8, seed=channels)
  [decoded] = _decode_one(_image_decoder(ted.Image(channels=channels)),
                          _image_example(image, image_format))
  assert decoded.dtype == np.uint8
  np.testing.assert_array_equal(decoded, image)


@pytest.mark.parametrize('image_format', ['jpeg', 'JPEG'])
@pytest.mark.parametrize('channels', [1, 3])
@pytest.mark.parametrize('dct_method', ['', 'INTEGER_ACCURATE'])
def test_jpeg_decodes_close(image_format, channels, dct_method):
  image = rec.smooth_image((8, 8, channels))
  handler = ted.Image(channels=channels, dct_method=dct_method)
  [decoded] = _decode_one(_image_decoder(handler),
                          _image_example(image, image_format))
  assert decoded.shape == image.shape
  # JPEG is lossy; smooth gradients survive within a few grey levels.
  np.testing.assert_allclose(decoded.astype(np.float32), image, atol=4)


def test_jpeg_decoded_at_other_dtype_is_cast():
  image = rec.smooth_image((8, 8, 3))
  serialized = _image_example(image, 'jpeg')
  [as_uint8] = _decode_one(_image_decoder(ted.Image()), serialized)
  [as_float] = _decode_one(_image_decoder(ted.Image(dtype=tf.float32)),
                           serialized)
  assert as_float.dtype == np.float32
  np.testing.assert_array_equal(as_float, as_uint8.astype(np.float32))


@pytest.mark.parametrize('dtype,tf_dtype', [
    (np.uint8, tf.uint8), (np.int16, tf.int16), (np.int32, tf.int32),
    (np.float32, tf.float32), (np.float64, tf.float64)])
@pytest.mark.parametrize('channels', [1, 3])
@pytest.mark.parametrize('image_format', ['raw', 'RAW'])
def test_raw_images_of_several_dtypes(dtype, tf_dtype, channels, image_format):
  shape = (3, 4, channels)
  image = rec.random_image(shape, dtype, seed=channels)
  [decoded] = _decode_one(
      _image_decoder(ted.Image(shape=shape, channels=channels,
                               dtype=tf_dtype)),
      _image_example(image, image_format))
  assert decoded.dtype == dtype
  np.testing.assert_array_equal(decoded, image)


def test_format_taken_from_feature_default():
  image = rec.random_image((2, 3, 3), np.uint8, seed=0)
  serialized = rec.example(
      image__encoded=rec.bytes_feature(rec.encode(image, 'png')))
  [decoded] = _decode_one(_image_decoder(ted.Image(), default_format='png'),
                          serialized)
  np.testing.assert_array_equal(decoded, image)


def test_static_shape_without_and_with_shape():
  with tf.Graph().as_default():
    serialized = tf.constant(b'')
    [free] = _image_decoder(ted.Image(channels=4)).decode(serialized)
    [fixed] = _image_decoder(ted.Image(shape=[2, 3, 1])).decode(serialized)
  assert free.shape.as_list() == [None, None, 4]
  assert fixed.shape.as_list() == [2, 3, 1]


def test_repeated_images():
  first = rec.random_image((2, 3, 3), np.uint8, seed=1)
  second = rec.random_image((2, 3, 3), np.uint8, seed=2)
  serialized = rec.example(
      image__encoded=rec.bytes_feature([rec.encode(first, 'png'),
                                        rec.encode(second, 'png')]),
      image__format=rec.bytes_feature('png'))
  decoder = ted.TFExampleDecoder(
      {'image/encoded': tf.io.FixedLenFeature((2,), tf.string),
       'image/format': tf.io.FixedLenFeature((), tf.string)},
      {'image': ted.Image(repeated=True)})
  [decoded] = _decode_one(decoder, serialized)
  np.testing.assert_array_equal(decoded, np.stack([first, second]))


def test_custom_image_keys():
  image = rec.random_image((2, 2, 3), np.uint8, seed=3)
  serialized = rec.example(pixels=rec.bytes_feature(rec.encode(image, 'png')),
                           kind=rec.bytes_feature('png'))
  decoder = ted.TFExampleDecoder(
      {'pixels': tf.io.FixedLenFeature((), tf.string),
       'kind': tf.io.FixedLenFeature((), tf.string)},
      {'image': ted.Image(image_key='pixels', format_key='kind')})
  [decoded] = _decode_one(decoder, serialized)
  np.testing.assert_array_equal(decoded, image)


@pytest.mark.parametrize('image_format', ['png', 'jpeg', 'gif'])
def test_bytes_that_are_no_image_fail_when_run(image_format):
  serialized = rec.example(image__encoded=rec.bytes_feature(b'not an image'),
                           image__format=rec.bytes_feature(image_format))
  with pytest.raises(tf.errors.InvalidArgumentError):
    _decode_one(_image_decoder(ted.Image()), serialized)


def test_raw_bytes_that_do_not_fill_the_shape_fail_when_run():
  serialized = _image_example(np.zeros((2, 2, 3), np.uint8), 'raw')
  with pytest.raises(tf.errors.InvalidArgumentError):
    _decode_one(_image_decoder(ted.Image(shape=(3, 3, 3))), serialized)


def test_dense_tensors_of_each_dtype():
  floats = np.arange(6, dtype=np.float32).reshape(2, 3, 1) / 4
  ints = np.arange(6).reshape(2, 3)
  words = np.array([['a', 'bc'], ['def', '']])
  serialized = rec.example(f=rec.float_feature(floats),
                           i=rec.int64_feature(ints),
                           s=rec.bytes_feature(words.flatten().tolist()))
  decoder = ted.TFExampleDecoder(
      {'f': tf.io.FixedLenFeature(floats.shape, tf.float32),
       'i': tf.io.FixedLenFeature(ints.shape, tf.int64),
       's': tf.io.FixedLenFeature(words.shape, tf.string)},
      {'f': ted.Tensor('f'), 'i': ted.Tensor('i', shape=[3, 2]),
       's': ted.Tensor('s')})
  f, i, s = _decode_one(decoder, serialized, ['f', 'i', 's'])
  np.testing.assert_array_equal(f, floats)
  np.testing.assert_array_equal(i, ints.reshape(3, 2))
  np.testing.assert_array_equal(s.astype(str), words)


def test_missing_feature_uses_its_default():
  decoder = ted.TFExampleDecoder(
      {'label': tf.io.FixedLenFeature([2], tf.int64, default_value=[7, 8])},
      {'label': ted.Tensor('label')})
  [label] = _decode_one(decoder, rec.example())
  np.testing.assert_array_equal(label, [7, 8])


def test_missing_feature_without_default_fails_when_run():
  decoder = ted.TFExampleDecoder(
      {'label': tf.io.FixedLenFeature([1], tf.int64)},
      {'label': ted.Tensor('label')})
  with pytest.raises(tf.errors.InvalidArgumentError):
    _decode_one(decoder, rec.example(other=rec.int64_feature([1])))


def test_var_len_tensor_to_dense_with_shape_and_default():
  values = np.arange(1, 7).reshape(2, 3)
  decoder = ted.TFExampleDecoder(
      {'labels': tf.io.VarLenFeature(tf.int64)},
      {'flat': ted.Tensor('labels'),
       'shaped': ted.Tensor('labels', shape=values.shape)})
  flat, shaped = _decode_one(decoder,
                             rec.example(labels=rec.int64_feature(values)),
                             ['flat', 'shaped'])
  np.testing.assert_array_equal(flat, values.flatten())
  np.testing.assert_array_equal(shaped, values)


def test_shape_from_one_key_and_from_one_key_per_dimension():
  image = np.arange(12, dtype=np.float32).reshape(2, 3, 2) / 3
  labels = np.arange(6).reshape(3, 1, 2)
  serialized = rec.example(
      image=rec.float_feature(image),
      image__shape=rec.int64_feature(image.shape),
      labels=rec.int64_feature(labels),
      labels__h=rec.int64_feature([3]), labels__w=rec.int64_feature([1]),
      labels__d=rec.int64_feature([2]))
  var_len = {k: tf.io.VarLenFeature(tf.int64) for k in
             ('image/shape', 'labels', 'labels/h', 'labels/w', 'labels/d')}
  var_len['image'] = tf.io.VarLenFeature(tf.float32)
  decoder = ted.TFExampleDecoder(var_len, {
      'image': ted.Tensor('image', shape_keys='image/shape'),
      'labels': ted.Tensor('labels',
                           shape_keys=['labels/h', 'labels/w', 'labels/d'])})
  got_image, got_labels = _decode_one(decoder, serialized,
                                      ['image', 'labels'])
  np.testing.assert_array_equal(got_image, image)
  np.testing.assert_array_equal(got_labels, labels)


def test_sparse_tensor_handler():
  serialized = rec.example(indices=rec.int64_feature([1, 2, 5]),
                           values=rec.float_feature([0.5, 1.5, 2.5]),
                           shape=rec.int64_feature([7]))
  features = {'indices': tf.io.VarLenFeature(tf.int64),
              'values': tf.io.VarLenFeature(tf.float32),
              'shape': tf.io.VarLenFeature(tf.int64)}
  decoder = ted.TFExampleDecoder(features, {
      'parsed': ted.SparseTensor(),
      'keyed': ted.SparseTensor(shape_key='shape'),
      'given': ted.SparseTensor(shape=[6]),
      'dense': ted.SparseTensor(shape=[6], densify=True, default_value=-1.0)})
  parsed, keyed, given, dense = _decode_one(
      decoder, serialized, ['parsed', 'keyed', 'given', 'dense'])
  for sparse in (parsed, keyed, given):
    np.testing.assert_array_equal(sparse.indices, [[1], [2], [5]])
    np.testing.assert_array_equal(sparse.values, [0.5, 1.5, 2.5])
  np.testing.assert_array_equal(parsed.dense_shape, [3])
  np.testing.assert_array_equal(keyed.dense_shape, [7])
  np.testing.assert_array_equal(given.dense_shape, [6])
  np.testing.assert_array_equal(dense, [-1, 0.5, 1.5, -1, -1, 2.5])


@pytest.mark.parametrize('sparse', [True, False])
def test_bounding_boxes(sparse):
  boxes = np.random.RandomState(0).rand(5, 4).astype(np.float32)
  prefix = 'image/object/bbox/'
  names = ['ymin', 'xmin', 'ymax', 'xmax']
  serialized = rec.example(**{
      (prefix + name).replace('/', '__'): rec.float_feature(boxes[:, i])
      for i, name in enumerate(names)})
  if sparse:
    spec = tf.io.VarLenFeature(tf.float32)
  else:
    spec = tf.io.FixedLenSequenceFeature([], tf.float32, allow_missing=True)
  decoder = ted.TFExampleDecoder(
      {prefix + name: spec for name in names},
      {'boxes': ted.BoundingBox(prefix=prefix),
       'swapped': ted.BoundingBox(['xmin', 'ymin', 'xmax', 'ymax'], prefix)})
  got, swapped = _decode_one(decoder, serialized, ['boxes', 'swapped'])
  np.testing.assert_array_equal(got, boxes)
  np.testing.assert_array_equal(swapped, boxes[:, [1, 0, 3, 2]])


def _class_example(text=None, label=None):
  features = {}
  if text is not None:
    features['text'] = rec.bytes_feature(text)
  if label is not None:
    features['label'] = rec.int64_feature(label)
  return rec.example(**features)


def test_lookup_and_backup_handlers():
  names = ['dog', 'guinea pig', 'cat']
  features = {'text': tf.io.VarLenFeature(tf.string),
              'label': tf.io.VarLenFeature(tf.int64)}
  results = []
  for serialized in (_class_example(['cat', 'dog', 'owl'], [5, 6, 7]),
                     _class_example(['cat', 'guinea pig']),
                     _class_example(label=[9])):
    with tf.Graph().as_default():
      table = tf.lookup.StaticHashTable(
          tf.lookup.KeyValueTensorInitializer(
              tf.constant(names), tf.constant([0, 1, 2], tf.int64)), -1)
      decoder = ted.TFExampleDecoder(features, {
          'ids': ted.LookupTensor('text', table),
          'best': ted.BackupHandler(ted.Tensor('label'),
                                    ted.LookupTensor('text', table))})
      results.append(rec.evaluate(
          decoder.decode(tf.constant(serialized), ['ids', 'best'])))
  np.testing.assert_array_equal(results[0][0], [2, 0, -1])
  np.testing.assert_array_equal(results[0][1], [5, 6, 7])
  np.testing.assert_array_equal(results[1][1], [2, 1])
  np.testing.assert_array_equal(results[2][0], [])
  np.testing.assert_array_equal(results[2][1], [9])


def test_item_handler_callback_and_default_items():
  values = np.array([1.0, 2.0, 4.0], np.float32)
  seen = {}

  def total(keys_to_tensors):
    seen.update(keys_to_tensors)
    return tf.reduce_sum(keys_to_tensors['v']) * keys_to_tensors['w']

  decoder = ted.TFExampleDecoder(
      {'v': tf.io.FixedLenFeature([3], tf.float32),
       'w': tf.io.FixedLenFeature([], tf.float32)},
      {'total': ted.ItemHandlerCallback(['v', 'w'], total),
       'w': ted.ItemHandlerCallback('w', lambda t: t['w'])})
  assert decoder.list_items() == ['total', 'w']
  total_value, w_value = _decode_one(
      decoder, rec.example(v=rec.float_feature(values),
                           w=rec.float_feature([3.0])))
  assert sorted(seen) == ['v', 'w']
  assert total_value == pytest.approx(21.0)
  assert w_value == pytest.approx(3.0)


def test_handler_keys():
  assert ted.Tensor('a', shape_keys='b').keys == ['a', 'b']
  assert ted.Image().keys == ['image/encoded', 'image/format']
  assert ted.SparseTensor(shape_key='s').keys == ['indices', 'values', 's']
  assert ted.BoundingBox(prefix='p/').keys == ['p/ymin', 'p/xmin', 'p/ymax',
                                               'p/xmax']
  assert ted.KeypointsSequence(prefix='k/').keys == ['k/y', 'k/x']
  assert ted.BackupHandler(ted.Tensor('a'), ted.Tensor('b')).keys == ['a', 'b']
  assert ted.NumBoxesSequence('x').keys == ['x']
  assert ted.ItemHandlerCallback(('a', 'b'), len).keys == ('a', 'b')


@pytest.mark.parametrize('make', [
    lambda: ted.Tensor('a', shape_keys='b', shape=[1]),
    lambda: ted.BoundingBox(['a', 'b', 'c']),
    lambda: ted.BoundingBoxSequence(['a'], prefix=''),
    lambda: ted.KeypointsSequence(['a', 'b', 'c'], prefix=''),
    lambda: ted.BackupHandler('a', ted.Tensor('b')),
    lambda: ted.BackupHandler(ted.Tensor('a'), None),
    lambda: ted.NumBoxesSequence([]),
    lambda: ted.TFSequenceExampleDecoder({'a': None}, {'a': None}, {}),
])
def test_bad_construction_raises_value_error(make):
  with pytest.raises(ValueError):
    make()


def test_prefix_none_raises_type_error_like_the_reference():
  with pytest.raises(TypeError, match='prefix'):
    ted.BoundingBoxSequence()
  with pytest.raises(TypeError, match='prefix'):
    ted.KeypointsSequence()


def test_unknown_item_and_unparsed_key_raise_key_error_before_any_item():
  built = []
  decoder = ted.TFExampleDecoder(
      {'a': tf.io.FixedLenFeature([], tf.int64)},
      {'a': ted.ItemHandlerCallback('a', built.append), 'b': ted.Tensor('b')})
  with tf.Graph().as_default():
    with pytest.raises(KeyError, match='Unknown item'):
      decoder.decode(tf.constant(b''), ['a', 'c'])
    with pytest.raises(KeyError, match='does not parse'):
      decoder.decode(tf.constant(b''), ['a', 'b'])
  assert not built


def _seq_features(*names):
  return {name: tf.io.VarLenFeature(tf.float32) for name in names}


def test_sequence_decoder_context_and_sequence_features():
  floats = np.array([[1.0, 2.0], [3.5, 4.0], [5.0, 6.5]], np.float32)
  serialized = rec.sequence_example(
      context={'name': rec.bytes_feature('clip'),
               'size': rec.int64_feature([2, 1])},
      floats=rec.float_rows(floats))
  decoder = ted.TFSequenceExampleDecoder(
      {'name': tf.io.FixedLenFeature((), tf.string),
       'size': tf.io.FixedLenFeature([2, 1], tf.int64)},
      {'floats': tf.io.FixedLenSequenceFeature([2], tf.float32)},
      {'name': ted.Tensor('name'), 'size': ted.Tensor('size'),
       'floats': ted.Tensor('floats')})
  assert sorted(decoder.list_items()) == ['floats', 'name', 'size']
  name, size, got = _decode_one(decoder, serialized,
                                ['name', 'size', 'floats'])
  assert name == b'clip'
  np.testing.assert_array_equal(size, [[2], [1]])
  np.testing.assert_array_equal(got, floats)


BOX_ROWS = {'ymin': [[0.1, 0.2, 0.3], [0.4]],
            'xmin': [[1.1, 1.2, 1.3], [1.4]],
            'ymax': [[2.1, 2.2, 2.3], [2.4]],
            'xmax': [[3.1, 3.2, 3.3], [3.4]]}


def _expected_boxes(order, fill):
  expected = np.full((2, 3, len(order)), fill, np.float32)
  for k, name in enumerate(order):
    for t, row in enumerate(BOX_ROWS[name]):
      expected[t, :len(row), k] = row
  return expected


@pytest.mark.parametrize('default_value', [-1.0, float('nan')])
def test_bounding_box_and_keypoint_sequences(default_value):
  serialized = rec.sequence_example(**{
      'box__' + name: rec.float_rows(rows) for name, rows in BOX_ROWS.items()})
  features = _seq_features(*['box/' + name for name in BOX_ROWS])
  kwargs = {} if default_value == -1.0 else {'default_value': default_value}
  decoder = ted.TFSequenceExampleDecoder({}, features, {
      'boxes': ted.BoundingBoxSequence(prefix='box/', **kwargs),
      'points': ted.KeypointsSequence(['ymin', 'xmin'], prefix='box/',
                                      **kwargs),
      'sparse': ted.BoundingBoxSequence(prefix='box/', return_dense=False),
      'count': ted.NumBoxesSequence(['box/ymin', 'box/xmax'])})
  boxes, points, sparse, count = _decode_one(
      decoder, serialized, ['boxes', 'points', 'sparse', 'count'])
  order = ['ymin', 'xmin', 'ymax', 'xmax']
  np.testing.assert_allclose(boxes, _expected_boxes(order, default_value),
                             rtol=1e-6)
  np.testing.assert_allclose(points,
                             _expected_boxes(order[:2], default_value),
                             rtol=1e-6)
  np.testing.assert_array_equal(sparse.dense_shape, [2, 3, 4])
  assert len(sparse.values) == 4 * 4
  np.testing.assert_array_equal(count, [3, 1])


def test_num_boxes_sequence_empty_frames_and_consistency():
  consistent = rec.sequence_example(
      a=rec.float_rows([[], [1.0, 2.0], []]),
      b=rec.float_rows([[], [5.0, 6.0], []]))
  inconsistent = rec.sequence_example(
      a=rec.float_rows([[1.0], [2.0]]), b=rec.float_rows([[1.0, 2.0], [2.0]]))
  checked = ted.TFSequenceExampleDecoder({}, _seq_features('a', 'b'), {
      'n': ted.NumBoxesSequence(['a', 'b'])})
  unchecked = ted.TFSequenceExampleDecoder({}, _seq_features('a', 'b'), {
      'n': ted.NumBoxesSequence(['a', 'b'], check_consistency=False)})
  np.testing.assert_array_equal(_decode_one(checked, consistent)[0],
                                [0, 2, 0])
  np.testing.assert_array_equal(_decode_one(unchecked, inconsistent)[0],
                                [1, 1])
  with pytest.raises(tf.errors.InvalidArgumentError):
    _decode_one(checked, inconsistent)


def test_num_boxes_sequence_of_dense_feature_raises_value_error():
  decoder = ted.TFSequenceExampleDecoder(
      {}, {'a': tf.io.FixedLenSequenceFeature([2], tf.float32)},
      {'n': ted.NumBoxesSequence('a')})
  with tf.Graph().as_default():
    with pytest.raises(ValueError, match='tensor must be of type'):
      decoder.decode(tf.constant(b''))
