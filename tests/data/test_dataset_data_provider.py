"""Unit tests of Dataset, DataProvider and DatasetDataProvider on TFRecord
files of PNG and JPEG images written here."""

import numpy as np
import pytest

from slimcompat._compat import tf
from slimcompat.data import data_decoder
from slimcompat.data import data_provider
from slimcompat.data import dataset
from slimcompat.data import dataset_data_provider
from slimcompat.data import tfexample_decoder as ted
from tests.data import _records as rec


def _decoder():
  return ted.TFExampleDecoder(
      {'image/encoded': tf.io.FixedLenFeature((), tf.string, default_value=''),
       'image/format': tf.io.FixedLenFeature((), tf.string,
                                             default_value='png'),
       'image/class/label': tf.io.FixedLenFeature([1], tf.int64)},
      {'image': ted.Image(shape=[4, 5, 3]),
       'label': ted.Tensor('image/class/label', shape=[])})


def _dataset(paths, num_samples):
  return dataset.Dataset(data_sources=paths, reader=tf.TFRecordReader,
                         decoder=_decoder(), num_samples=num_samples,
                         items_to_descriptions={'image': 'a picture'},
                         num_classes=12)


def test_dataset_keeps_every_field():
  decoder = _decoder()
  ds = dataset.Dataset(['a'], tf.TFRecordReader, decoder, 3, {'x': 'y'},
                       labels_to_names={0: 'zero'})
  assert ds.data_sources == ['a'] and ds.reader is tf.TFRecordReader
  assert ds.decoder is decoder and ds.num_samples == 3
  assert ds.items_to_descriptions == {'x': 'y'}
  assert ds.labels_to_names == {0: 'zero'}


@pytest.mark.parametrize('image_format', ['png', 'jpeg'])
@pytest.mark.parametrize('num_readers', [1, 3])
def test_provider_reads_each_image_once_with_num_epochs(tmp_path,
                                                        image_format,
                                                        num_readers):
  paths, images = rec.write_labelled_files(tmp_path, 3, 4, image_format)
  with tf.Graph().as_default():
    provider = dataset_data_provider.DatasetDataProvider(
        _dataset(paths, 12), num_readers=num_readers, num_epochs=1,
        shuffle=True, seed=5, common_queue_capacity=32, common_queue_min=4)
    assert provider.num_samples() == 12
    assert sorted(provider.list_items()) == ['image', 'label', 'record_key']
    [key, image, label] = provider.get(['record_key', 'image', 'label'])
    results = rec.drain([key, image, label])
  assert sorted(int(label) for _, _, label in results) == list(range(12))
  for key, image, label in results:
    file_name, offset = key.decode().rsplit(':', 1)
    assert file_name == paths[int(label) // 4] and offset.isdigit()
    if image_format == 'png':
      np.testing.assert_array_equal(image, images[int(label)])
    else:
      assert np.abs(image.astype(int) - images[int(label)]).mean() < 8


def test_separate_gets_come_from_the_same_record(tmp_path):
  paths, images = rec.write_labelled_files(tmp_path, 2, 3)
  with tf.Graph().as_default():
    provider = dataset_data_provider.DatasetDataProvider(
        _dataset(paths, 6), shuffle=False, num_epochs=1,
        record_key='where')
    [image] = provider.get(['image'])
    [label] = provider.get(('label',))
    [where] = provider.get(['where'])
    results = rec.drain([image, label, where])
  assert [int(label) for _, label, _ in results] == list(range(6))
  for image, label, _ in results:
    np.testing.assert_array_equal(image, images[int(label)])


def test_provider_cycles_forever_without_num_epochs(tmp_path):
  paths, _ = rec.write_labelled_files(tmp_path, 1, 3)
  with tf.Graph().as_default():
    provider = dataset_data_provider.DatasetDataProvider(
        _dataset(paths, 3), shuffle=False)
    [label] = provider.get(['label'])
    labels = rec.take(label, 7)
  assert [int(v) for v in labels] == [0, 1, 2, 0, 1, 2, 0]


def test_record_key_that_is_an_item_raises_value_error(tmp_path):
  paths, _ = rec.write_labelled_files(tmp_path, 1, 1)
  with tf.Graph().as_default():
    with pytest.raises(ValueError, match='record_key'):
      dataset_data_provider.DatasetDataProvider(_dataset(paths, 1),
                                                record_key='label')


def test_missing_data_files_raise_value_error(tmp_path):
  with tf.Graph().as_default():
    with pytest.raises(ValueError, match='No data files found'):
      dataset_data_provider.DatasetDataProvider(
          _dataset([str(tmp_path / 'none-*')], 1))


@pytest.mark.parametrize('items', ['label', ['label', 'nope'], None])
def test_get_with_bad_items_raises_value_error(items):
  provider = data_provider.DataProvider({'label': tf.constant(1)}, 1)
  with pytest.raises(ValueError):
    provider.get(items)


def test_abstract_bases_cannot_be_instantiated():
  with pytest.raises(TypeError):
    data_decoder.DataDecoder()

  class Minimal(data_decoder.DataDecoder):

    def decode(self, data, items):
      return [data for _ in items]

    def list_items(self):
      return ['raw']

  assert Minimal().decode('x', ['raw']) == ['x']
  assert isinstance(ted.TFExampleDecoder({}, {}), data_decoder.DataDecoder)
