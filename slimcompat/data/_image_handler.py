"""Image: the item handler that decodes an encoded (JPEG/PNG/GIF/BMP) or raw
image feature."""

from slimcompat._compat import tf
from slimcompat._compat import tf2
from slimcompat.data._item_handler import ItemHandler


class Image(ItemHandler):
  """Decodes the image bytes of `image_key` according to `format_key`.

  A format of ``raw`` / ``RAW`` reads the bytes as a flat array of `dtype`
  (give `shape` to make it an image); any other format is detected from the
  bytes: JPEG goes through `tf.image.decode_jpeg` (honouring `dct_method`),
  the rest through `tf.image.decode_image`.  The decoded pixels are cast to
  `dtype`.

  Args:
    image_key: feature of the encoded image; default ``'image/encoded'``.
    format_key: feature of the format string; default ``'image/format'``.
    shape: optional shape [height, width, channels] to reshape every image to.
    channels: number of colour channels to decode.
    dtype: dtype of the returned image (for raw images, the stored dtype).
    repeated: the feature holds a 1-D list of images; decode each of them.
    dct_method: JPEG decompression hint, '' (default), 'INTEGER_FAST' or
      'INTEGER_ACCURATE'.
  """

  def __init__(self,
               image_key=None,
               format_key=None,
               shape=None,
               channels=3,
               dtype=tf.uint8,
               repeated=False,
               dct_method=''):
    keys = [image_key or 'image/encoded', format_key or 'image/format']
    super(Image, self).__init__(keys)
    self._image_key, self._format_key = keys
    # How `_decode` turns the bytes into pixels.
    self._shape, self._channels, self._dtype = shape, channels, dtype
    self._repeated, self._dct_method = repeated, dct_method

  def tensors_to_item(self, keys_to_tensors):
    image_buffer = keys_to_tensors[self._image_key]
    image_format = keys_to_tensors[self._format_key]
    if self._repeated:
      return tf.map_fn(lambda one: self._decode(one, image_format),
                       image_buffer, dtype=self._dtype)
    return self._decode(image_buffer, image_format)

  def _decode(self, image_buffer, image_format):
    """Decodes one image; its shape is `shape` or [?, ?, channels]."""

    def decode_raw():
      return tf2.io.decode_raw(image_buffer, out_type=self._dtype)

    def decode_jpeg():
      pixels = tf.image.decode_jpeg(image_buffer, channels=self._channels,
                                    dct_method=self._dct_method)
      return tf.cast(pixels, self._dtype)

    def decode_other():
      pixels = tf.image.decode_image(image_buffer, channels=self._channels)
      return tf.cast(pixels, self._dtype)

    def decode_encoded():
      # decode_image has no dct_method, so JPEG gets its own branch.
      return tf.cond(tf.image.is_jpeg(image_buffer), decode_jpeg,
                     decode_other, name='cond_jpeg')

    is_raw = tf.logical_or(tf.equal(image_format, 'raw'),
                           tf.equal(image_format, 'RAW'))
    image = tf.case([(is_raw, decode_raw)], default=decode_encoded,
                    exclusive=True)
    image.set_shape([None, None, self._channels])
    if self._shape is not None:
      image = tf.reshape(image, self._shape)
    return image
