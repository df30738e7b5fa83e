"""tf_slim.data.tfexample_decoder: decoders for Example / SequenceExample
protos and the item handlers that turn parsed features into items.

Gathers the names from their one-concept files.
"""

from slimcompat.data import data_decoder
from slimcompat.data._box_handlers import BoundingBox
from slimcompat.data._box_handlers import BoundingBoxSequence
from slimcompat.data._box_handlers import KeypointsSequence
from slimcompat.data._box_handlers import NumBoxesSequence
from slimcompat.data._example_decoders import TFExampleDecoder
from slimcompat.data._example_decoders import TFSequenceExampleDecoder
from slimcompat.data._image_handler import Image
from slimcompat.data._item_handler import ItemHandler
from slimcompat.data._item_handler import ItemHandlerCallback
from slimcompat.data._tensor_handlers import BackupHandler
from slimcompat.data._tensor_handlers import LookupTensor
from slimcompat.data._tensor_handlers import SparseTensor
from slimcompat.data._tensor_handlers import Tensor
